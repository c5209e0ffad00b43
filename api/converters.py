"""Ids in URLs: a number the database's id column can hold (BigAutoField, 64 bits signed).

Django's `int` converter takes any run of digits, and a lookup with an id past 2**63 - 1
raised OverflowError: 500 instead of 404 (issue 24). Registered as `id` in api/urls.py;
a number out of range matches no URL, so it answers 404 like any unknown id."""

ID_MAX = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError("beyond the id column's range")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
