"""When AWS Lambda deprecated (or will deprecate) each managed runtime: data, not logic.

Dates are the "deprecation" column of the Lambda runtimes page (after it, no security patches). Runtimes
not listed are treated as supported; OS-only runtimes on Amazon Linux 1 are listed under their own ids.
"""

from __future__ import annotations

from datetime import date

DEPRECATED_RUNTIMES: dict[str, date] = {
    # Python
    "python2.7": date(2021, 7, 15),
    "python3.6": date(2022, 7, 18),
    "python3.7": date(2023, 12, 4),
    "python3.8": date(2024, 10, 14),
    "python3.9": date(2025, 12, 15),
    # Node.js
    "nodejs": date(2016, 10, 31),
    "nodejs4.3": date(2020, 3, 5),
    "nodejs4.3-edge": date(2019, 4, 30),
    "nodejs6.10": date(2019, 8, 12),
    "nodejs8.10": date(2020, 3, 6),
    "nodejs10.x": date(2021, 7, 30),
    "nodejs12.x": date(2023, 3, 31),
    "nodejs14.x": date(2023, 12, 4),
    "nodejs16.x": date(2024, 6, 12),
    "nodejs18.x": date(2025, 9, 1),
    "nodejs20.x": date(2026, 4, 30),
    "nodejs22.x": date(2027, 4, 30),
    # Java (java8 ran on Amazon Linux 1; java8.al2 is separate)
    "java8": date(2024, 1, 8),
    # .NET
    "dotnetcore1.0": date(2019, 7, 30),
    "dotnetcore2.0": date(2019, 5, 30),
    "dotnetcore2.1": date(2022, 1, 5),
    "dotnetcore3.1": date(2023, 4, 3),
    "dotnet5.0": date(2022, 5, 10),
    "dotnet6": date(2024, 12, 20),
    "dotnet7": date(2024, 5, 14),
    "dotnet8": date(2026, 11, 10),
    # Ruby
    "ruby2.5": date(2021, 7, 30),
    "ruby2.7": date(2023, 12, 7),
    "ruby3.2": date(2026, 3, 31),
    # Go and OS-only on Amazon Linux 1
    "go1.x": date(2024, 1, 8),
    "provided": date(2024, 1, 8),
}


def deprecation_date(runtime: str) -> date | None:
    return DEPRECATED_RUNTIMES.get(runtime)
