//! End-to-end tests: the real `presale` window, driven through tauri-driver under Xvfb.
//!
//! One module per feature. Run them with `./test.sh` (which starts Xvfb and installs the driver),
//! or `xvfb-run -a cargo test -p presale-tests --test e2e` once the set-up is done.

mod a11y;
mod access;
mod advice;
mod assess;
mod assess_warehouse;
mod boundaries;
mod clauses;
mod consult_place;
mod durability;
mod fit;
mod fleet;
mod forms;
mod home;
mod home_agent;
mod household_assumptions;
mod household_cards;
mod household_file;
mod household_review;
mod household_tables;
mod kiosk;
mod record_paper;
mod records;
mod roster;
mod row_rules;
