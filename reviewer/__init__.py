"""reviewer: offline legality review (合法性审查) for county legal offices."""

__version__ = "0.1.0"
