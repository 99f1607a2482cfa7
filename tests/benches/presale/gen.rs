//! Deterministic synthetic data for the benchmarks: a content library of 10,000 clauses in
//! Chinese and English, and a records database of 100,000 finished consultations. A fixed seed
//! and a tiny xorshift generator make every run (and every machine) build the same data.

use presale_core::db;
use presale_core::db::rusqlite::params;
use std::fmt::Write as _;
use std::path::Path;

/// The seed of every generator here.
pub const SEED: u64 = 0x5EED_2026_0001;

/// xorshift64*: enough randomness for plausible text, no crate needed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// Chinese words the clause text is made of (the search queries come from here too).
pub const ZH_WORDS: &[&str] = &[
    "保险金",
    "被保险人",
    "投保人",
    "受益人",
    "等待期",
    "免赔额",
    "住院",
    "门诊",
    "手术",
    "重大疾病",
    "身故",
    "伤残",
    "意外",
    "医疗费用",
    "保险期间",
    "宽限期",
    "犹豫期",
    "现金价值",
    "理赔",
    "给付",
    "责任免除",
    "如实告知",
    "保险费",
    "续保",
    "合同",
    "条款",
    "比例",
    "赔付",
    "指定医院",
    "社保",
    "自费",
    "药品",
    "检查",
    "康复",
    "护理",
    "津贴",
    "年度",
    "限额",
    "累计",
    "申请",
];
/// English words of the clause text.
pub const EN_WORDS: &[&str] = &[
    "benefit",
    "insured",
    "policyholder",
    "beneficiary",
    "waiting",
    "period",
    "deductible",
    "hospital",
    "outpatient",
    "surgery",
    "critical",
    "illness",
    "death",
    "disability",
    "accident",
    "medical",
    "expenses",
    "grace",
    "cooling",
    "cash",
    "value",
    "claim",
    "payment",
    "exclusion",
    "disclosure",
    "premium",
    "renewal",
    "contract",
    "clause",
    "proportion",
    "designated",
    "social",
    "insurance",
    "drugs",
    "examination",
    "rehabilitation",
    "nursing",
    "allowance",
    "annual",
    "limit",
];
const CATEGORIES: &[&str] = &[
    "coverage",
    "exclusion",
    "waiting_period",
    "deductible",
    "claims",
    "premium",
    "renewal",
    "grace_period",
    "other",
];

fn sentence(rng: &mut Rng, words: &[&str], n: usize, sep: &str, end: &str) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push_str(sep);
        }
        s.push_str(rng.pick(words));
    }
    s.push_str(end);
    s
}

fn paragraph(rng: &mut Rng, zh: bool) -> String {
    let (words, sep, end) = if zh {
        (ZH_WORDS, "", "。")
    } else {
        (EN_WORDS, " ", ". ")
    };
    (0..3)
        .map(|_| {
            let n = 6 + rng.below(6);
            sentence(rng, words, n, sep, end)
        })
        .collect()
}

/// Writes a content tree: the repository's sample library (company, glossary, notices,
/// questionnaires and its products) plus `products` products of `per_product` clauses each, in
/// both languages. Returns the number of generated clauses.
pub fn content(repo_content: &Path, out: &Path, products: usize, per_product: usize) -> usize {
    copy_tree(repo_content, out);
    let mut rng = Rng::new(SEED);
    for p in 0..products {
        let pid = format!("bench-p{p:03}");
        let folder = out.join("products").join(&pid);
        std::fs::create_dir_all(folder.join("clauses")).expect("create the product folder");
        let ids: Vec<String> = (0..per_product)
            .map(|c| format!("\"{pid}-c{c:03}\""))
            .collect();
        for (lang, zh) in [("zh", true), ("en", false)] {
            let name = if zh {
                format!("测试产品{p}号")
            } else {
                format!("Test product {p}")
            };
            let product = format!(
                "+++\nid = \"{pid}\"\nname = \"{name}\"\nkind = \"medical\"\naudience = \"{}\"\n\
                 clauses = [{}]\ncovers = [\"medical_costs\"]\n+++\n{}\n",
                if zh { "所有人" } else { "Everyone" },
                ids.join(", "),
                paragraph(&mut rng, zh)
            );
            std::fs::write(folder.join(format!("product.{lang}.md")), product)
                .expect("write a product");
        }
        for c in 0..per_product {
            let cid = format!("{pid}-c{c:03}");
            let category = CATEGORIES[rng.below(CATEGORIES.len())];
            for (lang, zh) in [("zh", true), ("en", false)] {
                let title = if zh {
                    sentence(&mut rng, ZH_WORDS, 2, "", "")
                } else {
                    sentence(&mut rng, EN_WORDS, 3, " ", "")
                };
                let term = if zh { "等待期" } else { "waiting period" };
                let mut body = String::new();
                let _ = write!(
                    body,
                    "+++\nid = \"{cid}\"\ntitle = \"{title}\"\ncategory = \"{category}\"\n\
                     must_explain = true\nterms = [\"waiting-period\"]\n+++\n\n\
                     ::: legal\n{} [{term}](term:waiting-period) {}\n:::\n\n\
                     ::: plain\n{}\n:::\n\n::: example\n{}\n:::\n\n::: consequence\n{}\n:::\n",
                    paragraph(&mut rng, zh),
                    paragraph(&mut rng, zh),
                    paragraph(&mut rng, zh),
                    paragraph(&mut rng, zh),
                    paragraph(&mut rng, zh),
                );
                std::fs::write(folder.join(format!("clauses/{cid}.{lang}.md")), body)
                    .expect("write a clause");
            }
        }
    }
    products * per_product
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the content folder");
    for entry in std::fs::read_dir(from).expect("read the repository's content") {
        let entry = entry.expect("a directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a content file");
        }
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
];
const PINYIN: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun",
];
const PRODUCTS: &[&str] = &[
    "critical-illness",
    "term-life",
    "medical",
    "accident",
    "property",
];

/// Creates `<dir>/presale.db` with `clients` clients and `consultations` finished consultations
/// (every field of a full record filled), in one transaction. Returns the database's size in bytes.
pub fn records(dir: &Path, clients: usize, consultations: usize) -> u64 {
    std::fs::create_dir_all(dir).expect("create the data folder");
    let path = dir.join(db::FILE_NAME);
    let _ = std::fs::remove_file(&path);
    let conn = db::open(&path).expect("open the bench database");
    let mut rng = Rng::new(SEED ^ 0xC11E);
    let tx = conn.unchecked_transaction().expect("a transaction");
    {
        let mut client = tx
            .prepare(
                "INSERT INTO clients (kind, name, gender, birth_date, phone, email, address,
                     occupation, contact_person, industry, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            )
            .expect("prepare clients");
        for i in 0..clients {
            let s = rng.below(SURNAMES.len());
            let enterprise = i % 10 == 9;
            let name = if enterprise {
                format!(
                    "{}氏贸易有限公司{i} {} Trading Co {i}",
                    SURNAMES[s], PINYIN[s]
                )
            } else {
                format!(
                    "{}{}{} {} {i}",
                    SURNAMES[s],
                    rng.pick(GIVEN),
                    rng.pick(GIVEN),
                    PINYIN[s]
                )
            };
            client
                .execute(params![
                    if enterprise { "enterprise" } else { "person" },
                    name,
                    if enterprise {
                        None
                    } else {
                        Some(["female", "male"][i % 2])
                    },
                    (!enterprise).then(|| format!(
                        "19{:02}-{:02}-{:02}",
                        50 + i % 50,
                        i % 12 + 1,
                        i % 28 + 1
                    )),
                    format!("13{:09}", rng.next() % 1_000_000_000),
                    format!("client{i}@example.cn"),
                    format!("上海市浦东新区世纪大道{}号", i % 2000),
                    enterprise.then_some("制造业").or(Some("教师")),
                    enterprise.then(|| format!("{}经理", SURNAMES[(s + 1) % SURNAMES.len()])),
                    enterprise.then_some("manufacturing"),
                    "2024-01-01T00:00:00.000Z",
                ])
                .expect("insert a client");
        }
        let mut record = tx
            .prepare(
                "INSERT INTO consultations (status, mode, language, started_at, updated_at,
                     ended_at, client_id, agent_name, agent_licence, products, decision,
                     decision_against_warning, notes, follow_up_on, follow_up_status,
                     retention_until)
                 VALUES ('finished', 'agent', ?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                     ?12, ?13)",
            )
            .expect("prepare consultations");
        for i in 0..consultations {
            let started = 1_700_000_000_000i64 + i as i64 * 600_000;
            let products: Vec<&str> = (0..1 + rng.below(3)).map(|_| rng.pick(PRODUCTS)).collect();
            record
                .execute(params![
                    if i % 3 == 0 { "en" } else { "zh-CN" },
                    presale_core::clock::format_unix_millis(started),
                    presale_core::clock::format_unix_millis(started + 45 * 60_000),
                    (rng.below(clients) + 1) as i64,
                    "李娜",
                    format!("2026{:011}", i % 50),
                    serde_json::to_string(&products).expect("a JSON list"),
                    ["bought", "thinking", "declined"][i % 3],
                    i % 17 == 0,
                    sentence(&mut rng, ZH_WORDS, 12, "", "。"),
                    format!("2026-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
                    ["pending", "done", "cancelled"][i % 3],
                    "2046-01-01",
                ])
                .expect("insert a consultation");
        }
    }
    tx.commit().expect("commit the bench records");
    drop(conn);
    std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
}
