"""Procedures, the post-block diary and the treatment timeline, as pure functions over
plain data (no database): the schedule of prompts, a block's result from its ratings,
and the before/after comparison of the diary around a treatment."""
