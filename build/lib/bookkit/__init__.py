"""Helpers shared by the book's pages: figures and tables drawn from the reference solutions."""
