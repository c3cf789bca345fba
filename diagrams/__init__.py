"""Case-route diagrams: pure functions from domain objects to DOT and Mermaid text (filled by the diagrams issue)."""
