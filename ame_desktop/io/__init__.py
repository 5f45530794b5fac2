"""Files in and out: Excel workbooks (openpyxl), PDFs (reportlab), CSV/JSON."""
