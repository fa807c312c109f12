"""Stage 5, web: what reaches the browser, checked and fixed.

Owns the HTML sanitizer, the Content Security Policy and the fixes to the theme's markup. May
import every stage below it (today it needs none).
"""
