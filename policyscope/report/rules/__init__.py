"""Key-point rules, one module each (see `policyscope.report.registry`)."""
