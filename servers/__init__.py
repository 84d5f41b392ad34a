"""Helpers shared by bench/ and deploy/ for running the site's servers locally."""
