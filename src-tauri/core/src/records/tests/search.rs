//! Tests of `search`.

