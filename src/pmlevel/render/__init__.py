"""Turning models and results into Rich renderables. Nothing here decides anything."""
