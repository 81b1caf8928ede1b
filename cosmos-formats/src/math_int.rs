//! The SDK's `math.Int` as a genesis carries it. The one reader is `app_genesis::math_int` (the
//! genesis decoder's); the InitChain checks add balances with the same values, so a number the
//! decoder takes is the number they add.

pub use app_genesis::math_int::{parse_math_int, MathInt, MathIntError, U256};
