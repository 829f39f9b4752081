"""Table header cells told which way they head: WeasyPrint tags ``<th>`` as TH without the scope, so a reader of
the PDF cannot tell a column's heading from a row's. A TH under THead heads its column, one under TBody its row
(the papers put ``scope="row"`` headers only in the body). Pure: PDF bytes in, PDF bytes out."""
import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

_GROUPS = ("/THead", "/TBody", "/TFoot")


def _resolved(node):
    return node.get_object() if hasattr(node, "get_object") else node


def _scope(cell, group: str | None) -> None:
    attributes = _resolved(cell.get("/A"))
    if not isinstance(attributes, dict):
        attributes = DictionaryObject({NameObject("/O"): NameObject("/Table")})
        cell[NameObject("/A")] = attributes
    attributes[NameObject("/Scope")] = NameObject("/Column" if group == "/THead" else "/Row")


def with_table_scopes(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    tree = writer.root_object.get("/StructTreeRoot")
    if tree is None:
        return pdf
    stack = [(_resolved(tree).get("/K"), None)]
    while stack:
        node, group = stack.pop()
        node = _resolved(node)
        if isinstance(node, list):
            stack.extend((child, group) for child in node)
            continue
        if not isinstance(node, dict) or "/S" not in node:
            continue
        kind = node["/S"]
        if kind == "/TH":
            _scope(node, group)
        if node.get("/K") is not None:
            stack.append((node["/K"], kind if kind in _GROUPS else group))
    made = io.BytesIO()
    writer.write(made)
    return made.getvalue()
