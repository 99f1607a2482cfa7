//! The one vocabulary of perils and insured events: what a product declares it covers or
//! excludes (`covers`, `excludes` in its front matter), what an enterprise questionnaire names its
//! risks (`risks.<peril>.<field>`), and what the family needs point at. Each has its name in both
//! languages, the kind of cover that would take it, and the words that show a clause is about it.

/// Who faces a peril: a firm or a household.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Enterprise,
    Family,
}

/// One peril or insured event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peril {
    /// The id used in content and profiles: lower-case letters and `_`.
    pub id: &'static str,
    pub audience: Audience,
    pub zh: &'static str,
    pub en: &'static str,
    /// The kind of insurance that takes this peril, for "this library has no product for it".
    pub cover_zh: &'static str,
    pub cover_en: &'static str,
    /// Words that show a clause speaks of it (the English ones are matched case-insensitively).
    pub words_zh: &'static [&'static str],
    pub words_en: &'static [&'static str],
}

const fn peril(
    id: &'static str,
    audience: Audience,
    (zh, en): (&'static str, &'static str),
    (cover_zh, cover_en): (&'static str, &'static str),
    words_zh: &'static [&'static str],
    words_en: &'static [&'static str],
) -> Peril {
    Peril {
        id,
        audience,
        zh,
        en,
        cover_zh,
        cover_en,
        words_zh,
        words_en,
    }
}

use Audience::{Enterprise as E, Family as F};

/// Every peril, enterprise first, in the order results list them.
pub const PERILS: &[Peril] = &[
    peril(
        "fire",
        E,
        ("火灾", "fire"),
        ("企业财产保险", "commercial property insurance"),
        &["火灾", "起火"],
        &["fire"],
    ),
    peril(
        "explosion",
        E,
        ("爆炸", "explosion"),
        ("企业财产保险", "commercial property insurance"),
        &["爆炸"],
        &["explosion"],
    ),
    peril(
        "flood",
        E,
        ("水灾", "flood"),
        (
            "含水灾责任的企业财产保险",
            "property insurance that includes flood",
        ),
        &["水灾", "洪水", "暴雨", "水淹"],
        &["flood", "rainstorm"],
    ),
    peril(
        "storm",
        E,
        ("暴风、台风", "storm and typhoon"),
        ("企业财产保险", "commercial property insurance"),
        &["台风", "暴风"],
        &["typhoon", "storm"],
    ),
    peril(
        "earthquake",
        E,
        ("地震", "earthquake"),
        ("地震扩展责任", "an earthquake extension"),
        &["地震"],
        &["earthquake"],
    ),
    peril(
        "theft",
        E,
        ("盗窃", "theft"),
        ("盗抢保险", "theft insurance"),
        &["盗窃", "盗抢"],
        &["theft", "burglary"],
    ),
    peril(
        "machinery",
        E,
        ("设备损坏", "machinery breakdown"),
        ("机器损坏险", "machinery breakdown insurance"),
        &["机械", "机器损坏"],
        &["mechanical", "machinery"],
    ),
    peril(
        "interruption",
        E,
        ("营业中断", "business interruption"),
        (
            "营业中断险（利润损失险）",
            "business interruption insurance",
        ),
        &["营业中断", "停工", "停业"],
        &["interruption", "stoppage"],
    ),
    peril(
        "liability",
        E,
        ("对他人的赔偿责任", "liability to others"),
        ("公众责任险", "public liability insurance"),
        &["赔偿责任", "第三者"],
        &["liability", "third part"],
    ),
    peril(
        "death",
        F,
        ("身故", "death"),
        ("定期寿险", "term life insurance"),
        &["身故"],
        &["death", "dies"],
    ),
    peril(
        "disability",
        F,
        ("伤残", "disability"),
        (
            "含伤残责任的寿险或意外险",
            "life or accident cover with disability benefits",
        ),
        &["伤残", "全残"],
        &["disab"],
    ),
    peril(
        "critical_illness",
        F,
        ("重大疾病", "critical illness"),
        ("重大疾病保险", "critical illness insurance"),
        &["重大疾病", "重疾"],
        &["critical illness"],
    ),
    peril(
        "medical_costs",
        F,
        ("医疗费用", "medical costs"),
        ("医疗保险", "medical insurance"),
        &["医疗费"],
        &["medical"],
    ),
    peril(
        "accident",
        F,
        ("意外伤害", "accidental injury"),
        ("意外伤害保险", "accident insurance"),
        &["意外"],
        &["accident"],
    ),
];

/// The peril with this id.
pub fn get(id: &str) -> Option<&'static Peril> {
    PERILS.iter().find(|p| p.id == id)
}

/// Every peril id, for messages and the "did you mean" hint.
pub fn ids() -> Vec<&'static str> {
    PERILS.iter().map(|p| p.id).collect()
}

/// Whether `text` speaks of the peril in its language (`zh` or not).
pub fn mentioned(p: &Peril, text: &str, zh: bool) -> bool {
    if zh {
        p.words_zh.iter().any(|w| text.contains(w))
    } else {
        let lower = text.to_lowercase();
        p.words_en.iter().any(|w| lower.contains(w))
    }
}

/// The family need each kind of family cover answers (the product kinds of the recommendations).
pub fn of_product_kind(kind: &str) -> Option<&'static str> {
    match kind {
        "term_life" => Some("death"),
        "critical_illness" => Some("critical_illness"),
        "medical" => Some("medical_costs"),
        "accident" => Some("accident"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_plain() {
        let ids = ids();
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[..i].contains(id), "{id} twice");
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{id}"
            );
        }
        for p in PERILS {
            assert!(!p.zh.is_empty() && !p.en.is_empty() && !p.cover_zh.is_empty());
            assert!(
                p.words_en.iter().all(|w| w.to_lowercase() == *w),
                "{} matches lower-case text",
                p.id
            );
        }
    }

    #[test]
    fn every_family_kind_names_a_family_peril() {
        for kind in ["term_life", "critical_illness", "medical", "accident"] {
            let p = of_product_kind(kind).and_then(get).expect(kind);
            assert_eq!(p.audience, Audience::Family, "{kind}");
        }
        assert_eq!(of_product_kind("property"), None);
    }

    #[test]
    fn mentions_are_found_in_either_language() {
        let m = get("machinery").unwrap();
        assert!(mentioned(m, "机械或电气设备本身的故障", true));
        assert!(mentioned(m, "Breakdown of MECHANICAL equipment", false));
        assert!(!mentioned(m, "火灾、爆炸", true));
    }
}
