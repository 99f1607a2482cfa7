//! Hazards found on site: a loss-prevention suggestion for each, and their names in both
//! languages for the sentences that quote them.

use crate::text::{text, Text};
use serde::Serialize;

/// A loss-prevention suggestion for a hazard.
#[derive(Debug, Clone, Serialize)]
pub struct Prevention {
    pub hazard: String,
    pub label: Text,
    pub suggestion: Text,
}

/// A hazard's name in both languages (the questionnaire's words).
pub fn hazard_label(hazard: &str) -> Text {
    match hazard {
        "flammable_stock" => text("存放易燃物品", "flammable goods in stock"),
        "explosive_stock" => text("存放易爆物品", "explosive goods in stock"),
        "overloaded_machinery" => text("机器经常超负荷运转", "machinery often runs overloaded"),
        "poor_maintenance" => text("设备缺少定期维护", "machinery without regular maintenance"),
        "weak_fire_protection" => text("消防设施不足", "weak fire protection"),
        "flood_exposure" => text("地势低洼或临近河道", "low-lying or near a river"),
        other => text(other, other),
    }
}

/// The loss-prevention suggestion for a known hazard.
pub fn prevention(hazard: &str) -> Prevention {
    let suggestion = match hazard {
        "flammable_stock" => text(
            "易燃品单独存放、限量堆放，远离火源和电气设备，配足灭火器材。",
            "Store flammable goods apart and in limited stacks, away from ignition and wiring, with enough extinguishers.",
        ),
        "explosive_stock" => text(
            "易爆品按规定专库存放、控制温度和数量，定期检查。",
            "Keep explosive goods in a dedicated store within temperature and quantity limits, inspected regularly.",
        ),
        "overloaded_machinery" => text(
            "按额定负荷运行设备，安排轮换和停机检查。",
            "Run machines within their rated load, with rotation and scheduled stops for checks.",
        ),
        "poor_maintenance" => text(
            "建立设备维护计划和记录，按期保养、更换易损件。",
            "Keep a maintenance plan and log; service machines and replace worn parts on schedule.",
        ),
        "weak_fire_protection" => text(
            "安装并检测喷淋和报警系统，保持消防通道畅通，定期演练。",
            "Install and test sprinklers and alarms, keep fire exits clear, and hold drills.",
        ),
        "flood_exposure" => text(
            "贵重设备和存货抬高存放，备好挡水设施，关注汛期预警。",
            "Raise valuable machinery and stock off the floor, keep flood barriers ready, and watch flood warnings.",
        ),
        _ => text("请评估该隐患并制定防损措施。", "Assess this hazard and plan loss prevention."),
    };
    Prevention {
        hazard: hazard.to_string(),
        label: hazard_label(hazard),
        suggestion,
    }
}
