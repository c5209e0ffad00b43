// The diary's codes (docs/api.md) with the words a patient reads.

export const SIDES = [["left", "Left"], ["right", "Right"], ["both", "Both"]];
export const SEVERITIES = Array.from({ length: 11 }, (_, n) => [n, String(n)]);
export const ONSET_REGIONS = [["neck", "Neck"], ["occiput", "Back of the head"], ["temple", "Temple"], ["forehead", "Forehead"],
  ["eye", "Around the eye"], ["vertex", "Top of the head"], ["diffuse", "All over"]];
export const NECK_TRIGGERS = [["movement", "Neck movement"], ["sustained_posture", "Holding one posture"],
  ["pressure", "Pressure on the neck"], ["none", "Nothing I noticed"], ["unsure", "Not sure"]];
export const POSTURES = [["desk_screen", "Desk or screen"], ["phone_looking_down", "Looking down at a phone"], ["driving", "Driving"],
  ["overhead_work", "Working overhead"], ["lying_sleep", "Lying down or asleep"], ["sitting", "Sitting"], ["standing", "Standing"], ["other", "Other"]];
export const QUALITIES = [["pressing", "Pressing or tight"], ["throbbing", "Throbbing"], ["stabbing", "Stabbing"], ["other", "Other"]];
export const SYMPTOMS = [["nausea", "Nausea"], ["vomiting", "Vomiting"], ["photophobia", "Bothered by light"],
  ["phonophobia", "Bothered by sound"], ["aura", "Aura"], ["neck_stiffness", "Stiff neck"], ["reduced_neck_motion", "Less neck movement"],
  ["shoulder_arm_pain", "Shoulder or arm pain, same side"], ["dizziness", "Dizziness"], ["tearing_red_eye", "Watery or red eye"],
  ["nasal_symptoms", "Blocked or runny nose"], ["eyelid_droop_swelling", "Drooping or swollen eyelid"], ["restlessness", "Restless"]];
export const MEDICATION_KINDS = [["simple_analgesic", "Simple painkiller (paracetamol, aspirin)"], ["nsaid", "Anti-inflammatory (ibuprofen, naproxen)"],
  ["triptan", "Triptan"], ["ergot", "Ergot"], ["opioid", "Opioid"], ["combination_analgesic", "Combination painkiller"], ["gepant", "Gepant"], ["other", "Other"]];
export const RELIEF = [["unknown", "Not sure yet"], ["none", "No relief"], ["partial", "Some relief"], ["complete", "Complete relief"]];
export const RED_FLAGS = [
  ["thunderclap", "It peaked within a minute, or it is the worst ever"],
  ["neuro_deficit", "Weakness, numbness, speech or vision loss, double vision, confusion or a seizure"],
  ["fever_stiff_neck", "Fever with a stiff neck"],
  ["after_injury_or_manipulation", "After an injury or neck manipulation, with dizziness, double vision or slurred speech"],
  ["painful_red_eye_vision", "A painful red eye with blurred vision"],
  ["worse_standing_better_lying", "Worse when standing up, better lying down"],
  ["cough_exertion_triggered", "Brought on by coughing, straining or exertion"],
];

export function textOf(list, code) {
  const found = list.find(([value]) => value === code);
  return found ? found[1] : String(code ?? "");
}
