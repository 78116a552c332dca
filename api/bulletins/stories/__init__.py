"""The story pool an editorial meeting works from, and the anonymous tips that feed it."""
