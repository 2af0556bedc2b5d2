"""Swedish translation tables by area, merged by ``scripts/translate_sv.py``."""
