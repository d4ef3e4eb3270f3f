//! The suppliers a village buys from, registered with the village: companies of villagers with
//! no tie to any cadre, and individual traders (个体户). Beside them, the parties PRC-03 looks
//! for: the cadres, the relatives they declared, a firm one of those relatives owns and a firm a
//! cadre manages, each tied only while the cadre is in office.

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::generate::context::Ctx;
use crate::generate::json::JsonObject;
use crate::generate::names;
use crate::generate::writer::Place;

/// A goods category (procurement.order `category`) with the items bought under it: name, unit
/// and the range of the reference unit price in fen.
#[derive(Debug)]
pub struct Category {
    pub code: &'static str,
    pub name_zh: &'static str,
    /// How a company of the trade ends its name.
    pub firm: &'static str,
    pub items: &'static [(&'static str, i64, i64)],
}

pub const CATEGORIES: [Category; 6] = [
    Category {
        code: "building_materials",
        name_zh: "建材",
        firm: "建材有限公司",
        items: &[
            ("水泥（袋）", 2_500, 3_500),
            ("黄沙（吨）", 12_000, 18_000),
            ("碎石（吨）", 9_000, 14_000),
            ("红砖（千块）", 45_000, 60_000),
            ("PVC排水管（米）", 1_800, 3_200),
        ],
    },
    Category {
        code: "office_supplies",
        name_zh: "办公用品",
        firm: "办公用品有限公司",
        items: &[
            ("A4复印纸（箱）", 15_000, 22_000),
            ("打印机硒鼓（个）", 18_000, 42_000),
            ("文件柜（组）", 60_000, 120_000),
            ("办公椅（把）", 25_000, 48_000),
        ],
    },
    Category {
        code: "cleaning_supplies",
        name_zh: "保洁用品",
        firm: "日用品有限公司",
        items: &[
            ("分类垃圾桶（只）", 8_000, 26_000),
            ("竹扫帚（把）", 1_500, 3_000),
            ("垃圾袋（箱）", 6_000, 9_000),
            ("保洁手推车（辆）", 35_000, 68_000),
        ],
    },
    Category {
        code: "seedlings",
        name_zh: "绿化苗木",
        firm: "园林绿化有限公司",
        items: &[
            ("香樟（株）", 20_000, 60_000),
            ("桂花（株）", 15_000, 50_000),
            ("草皮（平方米）", 800, 1_500),
            ("红叶石楠球（株）", 6_000, 12_000),
        ],
    },
    Category {
        code: "equipment",
        name_zh: "设施设备",
        firm: "机电设备有限公司",
        items: &[
            ("潜水泵（台）", 120_000, 350_000),
            ("监控摄像头（台）", 40_000, 120_000),
            ("太阳能路灯（套）", 150_000, 320_000),
            ("灭火器（具）", 9_000, 16_000),
        ],
    },
    Category {
        code: "printing",
        name_zh: "宣传印刷",
        firm: "广告印刷有限公司",
        items: &[
            ("公开栏展板（块）", 20_000, 50_000),
            ("宣传喷绘（平方米）", 3_000, 6_000),
            ("宣传册（本）", 300, 800),
        ],
    },
];

/// Services paid without a purchase order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Utilities,
    Maintenance,
}

/// What a supplier sells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trade {
    /// Index into [`CATEGORIES`].
    Goods(usize),
    Service(Service),
}

#[derive(Debug, Clone)]
pub struct Supplier {
    pub id: String,
    /// `company` or `person`.
    pub party_type: &'static str,
    pub name: String,
    pub trade: Trade,
    /// Account payments go to.
    pub account: String,
}

/// How a party is tied to the village's cadres (PRC-03).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieKind {
    /// A cadre of the village.
    Cadre,
    /// A relative a cadre declared.
    Kin,
    /// A company a declared relative owns and represents.
    KinFirm,
    /// A company a cadre manages.
    CadreFirm,
}

/// A party tied to the village's cadres while the cadre it goes through is in office.
#[derive(Debug, Clone)]
pub struct TiedParty {
    pub supplier: Supplier,
    pub kind: TieKind,
    /// The cadre or relative the supplier is (or whom its company has as a controller).
    pub person: String,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl TiedParty {
    pub fn tied_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }
}

/// A person known to the registry: id and name.
#[derive(Debug, Clone)]
pub struct Known {
    pub id: String,
    pub name: String,
    pub account: Option<String>,
}

/// A cadre, or a relative a cadre declared, with the cadre's term.
#[derive(Debug, Clone)]
pub struct Link {
    pub person: Known,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    /// The cadre approves payments (party secretary or supervisory head).
    pub approver: bool,
}

fn company(
    ctx: &mut Ctx,
    name: String,
    owners: &[&Known],
    managers: &[&Known],
) -> std::io::Result<String> {
    let id = ctx.ids.company();
    let owner_ids: Vec<String> = owners.iter().map(|k| k.id.clone()).collect();
    let manager_ids: Vec<String> = managers.iter().map(|k| k.id.clone()).collect();
    let mut o = JsonObject::new();
    o.string("company_id", &id)
        .string("name", &name)
        .strings("owner_ids", &owner_ids)
        .string("legal_rep_id", &owner_ids[0])
        .strings("manager_ids", &manager_ids);
    ctx.events
        .registry("registry.company", Place::Global, &o.finish())?;
    Ok(id)
}

fn firm_name(rng: &mut ChaCha8Rng, trade: Trade) -> String {
    let suffix = match trade {
        Trade::Goods(c) => CATEGORIES[c].firm,
        Trade::Service(Service::Utilities) => "水电安装有限公司",
        Trade::Service(Service::Maintenance) => "物业维修服务有限公司",
    };
    format!("{}{suffix}", names::trade_name(rng))
}

/// Registers the village's suppliers; `arm_length` are villagers no cadre declared as kin.
pub fn register(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    arm_length: &[Known],
    cadres: &[Link],
    kin: &[Link],
) -> std::io::Result<(Vec<Supplier>, Vec<TiedParty>)> {
    assert!(
        arm_length.len() >= 4,
        "a village has villagers to trade with"
    );
    let pick = |rng: &mut ChaCha8Rng| arm_length.choose(rng).expect("non-empty").clone();
    let mut suppliers = Vec::new();
    let mut trades: Vec<Trade> = (0..CATEGORIES.len()).map(Trade::Goods).collect();
    trades.push(Trade::Goods(0));
    trades.push(Trade::Goods(rng.gen_range(0..CATEGORIES.len())));
    trades.push(Trade::Service(Service::Utilities));
    trades.push(Trade::Service(Service::Maintenance));
    for trade in trades {
        let owner = pick(rng);
        let partner = pick(rng);
        let manager = pick(rng);
        let owners: Vec<&Known> = if rng.gen_bool(0.3) && partner.id != owner.id {
            vec![&owner, &partner]
        } else {
            vec![&owner]
        };
        let managers: Vec<&Known> = if rng.gen_bool(0.5) {
            vec![&manager]
        } else {
            vec![]
        };
        let name = firm_name(rng, trade);
        let id = company(ctx, name.clone(), &owners, &managers)?;
        suppliers.push(Supplier {
            id,
            party_type: "company",
            name,
            trade,
            account: ctx.ids.company_account(),
        });
    }
    // Individual traders: a nursery grower and a handyman.
    for trade in [Trade::Goods(3), Trade::Service(Service::Maintenance)] {
        let person = pick(rng);
        let account = person
            .account
            .clone()
            .unwrap_or_else(|| ctx.ids.trader_account());
        suppliers.push(Supplier {
            id: person.id.clone(),
            party_type: "person",
            name: person.name.clone(),
            trade,
            account,
        });
    }

    let mut ties = Vec::new();
    let person_supplier = |k: &Known, ctx: &mut Ctx, trade: Trade| Supplier {
        id: k.id.clone(),
        party_type: "person",
        name: k.name.clone(),
        trade,
        account: k
            .account
            .clone()
            .unwrap_or_else(|| ctx.ids.trader_account()),
    };
    for link in cadres.iter().filter(|l| !l.approver) {
        let trade = Trade::Goods(rng.gen_range(0..CATEGORIES.len()));
        ties.push(TiedParty {
            supplier: person_supplier(&link.person, ctx, trade),
            kind: TieKind::Cadre,
            person: link.person.id.clone(),
            from: link.from,
            until: link.until,
        });
    }
    for link in kin {
        let trade = Trade::Goods(rng.gen_range(0..CATEGORIES.len()));
        ties.push(TiedParty {
            supplier: person_supplier(&link.person, ctx, trade),
            kind: TieKind::Kin,
            person: link.person.id.clone(),
            from: link.from,
            until: link.until,
        });
    }
    // A firm of a declared relative, and one a serving cadre manages.
    if let Some(link) = kin.choose(rng) {
        let trade = Trade::Goods(0);
        let name = firm_name(rng, trade);
        let id = company(ctx, name.clone(), &[&link.person], &[])?;
        ties.push(TiedParty {
            supplier: Supplier {
                id,
                party_type: "company",
                name,
                trade,
                account: ctx.ids.company_account(),
            },
            kind: TieKind::KinFirm,
            person: link.person.id.clone(),
            from: link.from,
            until: link.until,
        });
    }
    let managing: Vec<&Link> = cadres
        .iter()
        .filter(|l| !l.approver && l.until.is_none())
        .collect();
    if let Some(link) = managing.choose(rng) {
        let trade = Trade::Goods(rng.gen_range(0..CATEGORIES.len()));
        let owner = pick(rng);
        let name = firm_name(rng, trade);
        let id = company(ctx, name.clone(), &[&owner], &[&link.person])?;
        ties.push(TiedParty {
            supplier: Supplier {
                id,
                party_type: "company",
                name,
                trade,
                account: ctx.ids.company_account(),
            },
            kind: TieKind::CadreFirm,
            person: link.person.id.clone(),
            from: link.from,
            until: link.until,
        });
    }
    Ok((suppliers, ties))
}
