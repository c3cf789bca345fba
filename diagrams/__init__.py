"""Case-route diagrams: pure functions from domain objects to DOT and Mermaid text.

Filled by the diagrams issue; only its outer edge will run `dot`.
"""
