"""HTML to PDF with WeasyPrint (it shapes Arabic correctly)."""


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    # Imported here, not at module load: WeasyPrint needs the system's Pango library, and a
    # machine without it must still run everything in Sanad except PDF output.
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
