"""AME Desktop — register and reports for a municipal labour-market unit (arbetsmarknadsenhet)."""

__version__ = "0.1.0"
