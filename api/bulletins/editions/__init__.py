"""Bulletins, their numbered editions in several languages, the identification check before
print, the print-ready PDF and the distribution log."""
