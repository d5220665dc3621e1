# SPDX-License-Identifier: MIT
"""Billing rules of the demo project."""

VAT = 0.2


def with_vat(amount):
    return amount * (1 + VAT)
