//! Money as integer cents.

/// An amount in cents.
pub type Cents = u64;
