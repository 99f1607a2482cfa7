//! Tests of `startup`.

