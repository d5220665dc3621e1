//! Pricing engine: turns a basket into a price, applying discounts.

pub mod discount;
pub mod money;

use discount::Discount;
use money::Cents;

/// A priced basket.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub subtotal: Cents,
    pub total: Cents,
}

/// Something that can price a basket.
pub trait PricingEngine {
    fn quote(&self, items: &[(&str, Cents)]) -> Quote;
}

/// The default engine: sums item prices, then applies one discount.
pub struct StandardEngine {
    pub discount: Discount,
}

impl PricingEngine for StandardEngine {
    fn quote(&self, items: &[(&str, Cents)]) -> Quote {
        let subtotal = items.iter().map(|(_, c)| *c).sum::<Cents>();
        Quote { subtotal, total: self.discount.apply(subtotal) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_discount() {
        let engine = StandardEngine { discount: Discount::Percent(10) };
        assert_eq!(engine.quote(&[("book", 1500), ("pen", 500)]).total, 1800);
    }
}
