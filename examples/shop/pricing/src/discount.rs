//! Discounts.

use crate::money::Cents;

/// A discount rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Discount {
    None,
    Percent(u8),
    Fixed(Cents),
}

impl Discount {
    /// Apply the discount to an amount, never going below zero.
    pub fn apply(&self, amount: Cents) -> Cents {
        match self {
            Discount::None => amount,
            Discount::Percent(p) => amount - amount * (*p as Cents) / 100,
            Discount::Fixed(c) => amount.saturating_sub(*c),
        }
    }
}
