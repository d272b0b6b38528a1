"""Evaluation harness: code gold-labelled texts and compare with their labels."""
