//! Tests of `export`.

