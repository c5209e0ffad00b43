// Slots: a screen says where another area's part of it goes with an empty placeholder,
// `h("div", { "data-slot": "treatments" })`, and the router fills the slots a screen
// declares once it is on the page (app.js). A screen knows its slots; an area knows
// only the slot it is given, never the markup of the screens around it.
//
// An area is a module with `fillSlot(slot, ctx)` (ctx as a screen's render gets it, with
// `name`, the screen's route). A slot no area fills stays empty.

const AREAS = {
  treatments: () => import("./views/treatments.js"),
};

/** Fill every slot of `screen` (an Element just rendered). Each area loads on demand; one
 *  that fails leaves its slot empty and the screen working. */
export function fillSlots(screen, ctx) {
  for (const slot of screen.querySelectorAll("[data-slot]")) {
    const load = AREAS[slot.dataset.slot];
    if (load) load().then((area) => area.fillSlot(slot, ctx)).catch(() => {});
  }
}
