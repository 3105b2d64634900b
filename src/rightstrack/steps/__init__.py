"""Pipeline steps, each a module with `run(doc, settings) -> doc`."""
