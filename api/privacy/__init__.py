"""Privacy: erasing one person with every copy of them, and the group's retention rules."""
