//! The village's contract partners, registered with the village: service companies it contracts
//! village services to (保洁, 绿化养护, 垃圾清运 …) and buyers of what it sells (废旧物资, 集体林木,
//! 鱼塘起捕). They are owned and run by villagers no cadre declared as kin, so no contract with
//! them touches a conflict-of-interest threshold.

use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::generate::context::Ctx;
use crate::generate::json::{yuan, Fen, JsonObject};
use crate::generate::names;
use crate::generate::procurement::suppliers::Known;
use crate::generate::writer::Place;

/// A line of business the village contracts: title of the contract, how the partner's name ends,
/// and the range of a contract's amount.
#[derive(Debug)]
pub struct Line {
    pub title: &'static str,
    pub firm: &'static str,
    pub amount: (Fen, Fen),
}

/// Services the village contracts out for a season or a year.
pub const SERVICES: [Line; 6] = [
    Line {
        title: "村庄环境保洁服务合同",
        firm: "保洁服务有限公司",
        amount: (yuan(30_000), yuan(120_000)),
    },
    Line {
        title: "公共绿地养护服务合同",
        firm: "园林养护有限公司",
        amount: (yuan(20_000), yuan(90_000)),
    },
    Line {
        title: "生活垃圾清运服务合同",
        firm: "环境服务有限公司",
        amount: (yuan(20_000), yuan(80_000)),
    },
    Line {
        title: "河道保洁服务合同",
        firm: "水环境治理有限公司",
        amount: (yuan(15_000), yuan(60_000)),
    },
    Line {
        title: "治安巡防服务合同",
        firm: "保安服务有限公司",
        amount: (yuan(30_000), yuan(100_000)),
    },
    Line {
        title: "路灯维护服务合同",
        firm: "照明工程有限公司",
        amount: (yuan(12_000), yuan(40_000)),
    },
];

/// What the village sells under a sale contract.
pub const SALES: [Line; 3] = [
    Line {
        title: "废旧物资出售合同",
        firm: "再生资源回收有限公司",
        amount: (yuan(5_000), yuan(30_000)),
    },
    Line {
        title: "集体林木出售合同",
        firm: "木业有限公司",
        amount: (yuan(20_000), yuan(80_000)),
    },
    Line {
        title: "集体鱼塘起捕出售合同",
        firm: "农产品有限公司",
        amount: (yuan(8_000), yuan(40_000)),
    },
];

/// A party the village contracts with.
#[derive(Debug, Clone)]
pub struct Partner {
    pub id: String,
    /// `company` or `person`.
    pub party_type: &'static str,
    /// Account the village pays into.
    pub account: String,
    /// Index into [`SERVICES`] or [`SALES`].
    pub line: usize,
}

/// The partners of one village.
#[derive(Debug, Clone, Default)]
pub struct Partners {
    /// One company per line of [`SERVICES`].
    pub services: Vec<Partner>,
    /// One company per line of [`SALES`].
    pub buyers: Vec<Partner>,
    /// Villagers who buy the village's produce or pay it dues in their own name.
    pub villagers: Vec<Known>,
}

fn company(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    arm_length: &[Known],
    firm: &str,
    line: usize,
) -> std::io::Result<Partner> {
    let owner = arm_length.choose(rng).expect("non-empty");
    let name = format!("{}{firm}", names::trade_name(rng));
    let id = ctx.ids.company();
    let owner_ids = vec![owner.id.clone()];
    let mut o = JsonObject::new();
    o.string("company_id", &id)
        .string("name", &name)
        .strings("owner_ids", &owner_ids)
        .string("legal_rep_id", &owner.id)
        .strings("manager_ids", &[]);
    ctx.events
        .registry("registry.company", Place::Global, &o.finish())?;
    Ok(Partner {
        id,
        party_type: "company",
        account: ctx.ids.company_account(),
        line,
    })
}

/// Registers the partners of a village; `arm_length` are villagers no cadre declared as kin.
pub fn register(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    arm_length: &[Known],
) -> std::io::Result<Partners> {
    let mut partners = Partners::default();
    for (n, line) in SERVICES.iter().enumerate() {
        partners
            .services
            .push(company(ctx, rng, arm_length, line.firm, n)?);
    }
    for (n, line) in SALES.iter().enumerate() {
        partners
            .buyers
            .push(company(ctx, rng, arm_length, line.firm, n)?);
    }
    let mut villagers: Vec<Known> = arm_length.to_vec();
    villagers.shuffle(rng);
    villagers.truncate(12);
    partners.villagers = villagers;
    Ok(partners)
}
