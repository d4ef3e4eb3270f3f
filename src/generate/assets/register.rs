//! The village's collective assets (三资: land, buildings, facilities, equipment) as its asset
//! register lists them, the parties who rent them, and the writing of a register entry
//! (`asset.recorded`, the whole current entry each time).

use chrono::{NaiveDate, NaiveDateTime};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::ledger::Implied;
use crate::generate::context::Ctx;
use crate::generate::json::{decimal_text, yuan, Fen, JsonObject};
use crate::generate::names;
use crate::generate::procurement::suppliers::Known;
use crate::generate::time::date_text;
use crate::generate::writer::Place;

/// Who rents an asset of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tenant {
    /// A villager, or a farming company.
    Farmer,
    /// A company.
    Firm,
    /// A villager or a company.
    Shopkeeper,
}

/// A kind of asset: name, events.md `asset_type`, area in m² (none for equipment), annual rent
/// per m² in fen (or per item), lease terms in years, who rents it and how often rent falls due.
#[derive(Debug)]
pub struct AssetKind {
    pub name: &'static str,
    pub asset_type: &'static str,
    pub area_m2: Option<(i64, i64)>,
    pub rent: (Fen, Fen),
    pub term_years: (u32, u32),
    pub tenant: Tenant,
    pub period_months: u32,
    /// Let out at all (the office building and the hall are used by the village).
    pub leasable: bool,
}

pub const KINDS: [AssetKind; 10] = [
    AssetKind {
        name: "集体农用地",
        asset_type: "land",
        area_m2: Some((3_000, 30_000)),
        rent: (60, 150),
        term_years: (1, 2),
        tenant: Tenant::Farmer,
        period_months: 12,
        leasable: true,
    },
    AssetKind {
        name: "集体经营性建设用地",
        asset_type: "land",
        area_m2: Some((2_000, 8_000)),
        rent: (600, 1_500),
        term_years: (3, 10),
        tenant: Tenant::Firm,
        period_months: 12,
        leasable: true,
    },
    AssetKind {
        name: "标准厂房",
        asset_type: "building",
        area_m2: Some((500, 3_000)),
        rent: (6_000, 15_000),
        term_years: (3, 8),
        tenant: Tenant::Firm,
        period_months: 6,
        leasable: true,
    },
    AssetKind {
        name: "沿街店面",
        asset_type: "building",
        area_m2: Some((60, 300)),
        rent: (15_000, 40_000),
        term_years: (1, 3),
        tenant: Tenant::Shopkeeper,
        period_months: 3,
        leasable: true,
    },
    AssetKind {
        name: "农贸市场摊位",
        asset_type: "facility",
        area_m2: Some((8, 30)),
        rent: (30_000, 80_000),
        term_years: (1, 1),
        tenant: Tenant::Shopkeeper,
        period_months: 6,
        leasable: true,
    },
    AssetKind {
        name: "集体仓库",
        asset_type: "building",
        area_m2: Some((200, 800)),
        rent: (2_000, 6_000),
        term_years: (1, 3),
        tenant: Tenant::Shopkeeper,
        period_months: 12,
        leasable: true,
    },
    AssetKind {
        name: "集体鱼塘",
        asset_type: "facility",
        area_m2: Some((3_000, 15_000)),
        rent: (80, 200),
        term_years: (2, 5),
        tenant: Tenant::Farmer,
        period_months: 12,
        leasable: true,
    },
    AssetKind {
        name: "农用机械",
        asset_type: "equipment",
        area_m2: None,
        rent: (300_000, 1_200_000),
        term_years: (1, 2),
        tenant: Tenant::Farmer,
        period_months: 12,
        leasable: true,
    },
    AssetKind {
        name: "村委办公楼",
        asset_type: "building",
        area_m2: Some((300, 1_200)),
        rent: (0, 0),
        term_years: (0, 0),
        tenant: Tenant::Firm,
        period_months: 12,
        leasable: false,
    },
    AssetKind {
        name: "文化礼堂",
        asset_type: "building",
        area_m2: Some((400, 1_500)),
        rent: (0, 0),
        term_years: (0, 0),
        tenant: Tenant::Firm,
        period_months: 12,
        leasable: false,
    },
];

/// How many assets of each kind of [`KINDS`] a village holds: (fewest, most).
pub const HOLDINGS: [(usize, usize); 10] = [
    (5, 9),
    (0, 1),
    (0, 2),
    (1, 3),
    (2, 5),
    (0, 1),
    (0, 2),
    (0, 1),
    (1, 1),
    (1, 1),
];

/// One asset of the register, as the village currently records it.
#[derive(Debug, Clone)]
pub struct Asset {
    pub asset_id: String,
    pub name: String,
    /// Index into [`KINDS`].
    pub kind: usize,
    /// Register area in hundredths of m².
    pub area: Option<i64>,
    /// Area surveyed in the GIS, hundredths of m².
    pub gis: Option<i64>,
    pub use_status: &'static str,
    pub since: NaiveDate,
    /// The lease in force or last in force (index into the village's leases).
    pub lease: Option<usize>,
    /// An entry of the asset is scheduled up to this day: no survey before then.
    pub busy_until: Option<NaiveDate>,
}

impl Asset {
    pub fn kind(&self) -> &'static AssetKind {
        &KINDS[self.kind]
    }

    fn payload(&self) -> String {
        let mut o = JsonObject::new();
        o.string("asset_id", &self.asset_id)
            .string("name", &self.name)
            .string("asset_type", self.kind().asset_type);
        if let Some(area) = self.area {
            o.raw("area_m2", &decimal_text(area, 2));
        }
        if let Some(gis) = self.gis {
            o.raw("gis_area_m2", &decimal_text(gis, 2));
        }
        o.string("use_status", self.use_status)
            .string("status_since", &date_text(self.since));
        o.finish()
    }

    /// A GIS survey of the asset: its register area within 3 % either way, rounded to the
    /// nearest multiple of 0.2 m² (20 hundredths, so that 5 % of it is a whole hundredth and
    /// the boundary exact); rounding moves it at most 0.1 m², which keeps even the smallest
    /// stall well within 5 %.
    pub fn survey(&mut self, rng: &mut impl Rng) {
        if let Some(area) = self.area {
            let gis = area * rng.gen_range(9_700..=10_300) / 10_000;
            self.gis = Some(((gis + 10) / 20).max(1) * 20);
        }
    }
}

/// A party that rents assets.
#[derive(Debug, Clone)]
pub struct Lessee {
    pub id: String,
    /// `person` or `company`.
    pub party_type: &'static str,
}

/// The village's lessees: villagers and companies.
#[derive(Debug, Clone, Default)]
pub struct Lessees {
    pub villagers: Vec<Lessee>,
    pub firms: Vec<Lessee>,
}

impl Lessees {
    /// A lessee for an asset of `tenant` kind.
    pub fn pick(&self, rng: &mut impl Rng, tenant: Tenant) -> Lessee {
        let firm = match tenant {
            Tenant::Firm => true,
            Tenant::Farmer => rng.gen_bool(0.2),
            Tenant::Shopkeeper => rng.gen_bool(0.4),
        };
        let pool = if firm { &self.firms } else { &self.villagers };
        pool.choose(rng).expect("every village has lessees").clone()
    }
}

/// Industries of the companies that rent village assets.
const LESSEE_FIRMS: [&str; 4] = [
    "农业开发有限公司",
    "精密制造有限公司",
    "物流有限公司",
    "商贸有限公司",
];

/// Registers the companies that rent the village's assets and picks the villagers who do;
/// `arm_length` are villagers no cadre declared as kin.
pub fn register_lessees(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    arm_length: &[Known],
) -> std::io::Result<Lessees> {
    let mut lessees = Lessees::default();
    for firm in LESSEE_FIRMS {
        let owner = arm_length.choose(rng).expect("non-empty");
        let id = ctx.ids.company();
        let mut o = JsonObject::new();
        o.string("company_id", &id)
            .string("name", &format!("{}{firm}", names::trade_name(rng)))
            .strings("owner_ids", std::slice::from_ref(&owner.id))
            .string("legal_rep_id", &owner.id)
            .strings("manager_ids", &[]);
        ctx.events
            .registry("registry.company", Place::Global, &o.finish())?;
        lessees.firms.push(Lessee {
            id,
            party_type: "company",
        });
    }
    let mut villagers: Vec<&Known> = arm_length.iter().collect();
    villagers.shuffle(rng);
    lessees.villagers = villagers
        .into_iter()
        .take(20)
        .map(|k| Lessee {
            id: k.id.clone(),
            party_type: "person",
        })
        .collect();
    Ok(lessees)
}

/// The annual rent of an asset of `kind` with `area` (hundredths of m²): area × a rate of the
/// kind, in whole hundreds of yuan, at least 1000.
pub fn rent_for(rng: &mut impl Rng, kind: &AssetKind, area: Option<i64>) -> Fen {
    let rate = rng.gen_range(kind.rent.0..=kind.rent.1);
    let rent = match area {
        Some(a) => a / 100 * rate,
        None => rate,
    };
    (rent / yuan(100)).max(10) * yuan(100)
}

/// Writes the current entry of `asset` at `at` and enters it in the ledger; returns what it
/// implies at once.
pub fn write_entry(
    ctx: &mut Ctx,
    place: Place,
    ledger: &mut super::ledger::AssetLedger,
    asset: &Asset,
    at: NaiveDateTime,
) -> Vec<Implied> {
    ctx.events
        .schedule("asset.recorded", place, at, asset.payload());
    ledger.enter_asset(
        &asset.asset_id,
        at,
        asset.use_status,
        asset.since,
        asset.area,
        asset.gis,
    )
}
