"""Table header cells told which way they head: WeasyPrint tags ``<th>`` as TH without a scope, so a reader of the
PDF cannot tell a column's heading from a row's. A TH under THead heads its column, one under TBody its row (the
papers put ``scope="row"`` headers only in the body). Added to WeasyPrint's own PDF objects just before they are
written (``write_pdf(finisher=...)``), which costs a pass over the objects and no second reading of the file."""
import pydyf

_GROUP_OF_ROW = {"/THead": "/Column", "/TBody": "/Row", "/TFoot": "/Row"}


def _parent(objects: list, element: pydyf.Dictionary):
    reference = element.get("P")
    if not isinstance(reference, bytes):
        return None
    return objects[int(reference.split()[0])]


def table_scopes(document, pdf: pydyf.PDF) -> None:
    """A WeasyPrint finisher: every TH structure element gets ``/Scope`` in its table attributes."""
    objects = pdf.objects
    for element in objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("S") != "/TH":
            continue
        row = _parent(objects, element)
        group = _parent(objects, row) if row is not None else None
        scope = _GROUP_OF_ROW.get(group.get("S") if group is not None else None, "/Row")
        attributes = element.get("A")
        if not isinstance(attributes, pydyf.Dictionary):
            attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = scope
