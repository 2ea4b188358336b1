"""Spreadsheet import and export shared by every app: safe reading, plain-words errors, escaping."""
