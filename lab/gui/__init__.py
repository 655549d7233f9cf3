"""The Qt desktop window of Digit Lab. Shows what lab.core computes; owns no ML logic."""
