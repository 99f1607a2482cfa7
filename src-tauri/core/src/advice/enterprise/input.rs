//! The enterprise profile's hazard factors: how much a hazard found on site multiplies the
//! expected frequency of a risk (`{"hazard": "flammable_stock", "risk": "fire", "factor": 1.5}`).
//! The factors are stated in content (the enterprise questionnaire's hazard options) and travel
//! in the profile, so a stored result says exactly which factors it used.

use crate::advice::fields::{Fields, Range};
use crate::money::Ratio;
use crate::{Error, Result};
use serde::Serialize;
use serde_json::Value;

/// One stated factor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HazardFactor {
    pub hazard: String,
    pub risk: String,
    pub factor: Ratio,
}

/// Factors outside this range are typing mistakes, not estimates.
const FACTOR: Range<Ratio> = Range {
    min: Ratio::from_millionths(100_000),
    max: Ratio::whole(10),
};

/// Reads `hazard_factors`; each hazard must be among the `hazards` found, each risk a peril id,
/// each pair given once.
pub fn hazard_factors(f: &mut Fields<'_>, hazards: &[String]) -> Result<Vec<HazardFactor>> {
    let Some(v) = f.raw("hazard_factors") else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = v else {
        return Err(Error::invalid(
            "hazard_factors",
            "must be a list of {hazard, risk, factor}",
        ));
    };
    let mut out: Vec<HazardFactor> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let name = format!("hazard_factors[{i}]");
        let mut g = Fields::of(item, &format!("{name}."), &name)?;
        let hazard = g.string("hazard")?;
        if !hazards.contains(&hazard) {
            return Err(Error::invalid(
                g.name("hazard"),
                format!("`{hazard}` is not among the hazards found"),
            ));
        }
        let risk = g.string("risk")?;
        if crate::perils::get(&risk).is_none() {
            return Err(Error::invalid(
                g.name("risk"),
                format!(
                    "`{risk}` is not a known peril; use one of {}",
                    crate::perils::ids().join(", ")
                ),
            ));
        }
        let factor = g.ratio("factor", None, FACTOR)?;
        g.finish()?;
        if out.iter().any(|o| o.hazard == hazard && o.risk == risk) {
            return Err(Error::invalid(
                name,
                format!("`{hazard}` already has a factor for `{risk}`"),
            ));
        }
        out.push(HazardFactor {
            hazard,
            risk,
            factor,
        });
    }
    Ok(out)
}
