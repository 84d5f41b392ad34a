class SlugConverter:
    """Site slugs: lowercase letters, digits and hyphens, at most 100 characters.

    Anything else (dots, encoded slashes, capitals, very long strings) simply
    does not match, so it is a 404 before any view runs.
    """
    regex = "[a-z0-9-]{1,100}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ShortCodeConverter(SlugConverter):
    """Short link codes; capitals are accepted (people copy them from paper) and lowered by the view."""
    regex = "[A-Za-z0-9]{3,8}"
