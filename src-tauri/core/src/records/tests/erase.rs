//! Tests of `erase`.

