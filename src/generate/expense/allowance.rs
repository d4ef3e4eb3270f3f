//! Cadre allowances (干部补贴): every month each cadre in office is paid the month's allowance of
//! the roles they hold, as long as the year's payments stay within the standard EXP-02 reads:
//! for each role, allowance_monthly times the calendar months of the year the term touches. A
//! planted case replaces a month's allowance with a lump sum around that standard.

use chrono::{Datelike, NaiveDate};
use rand::Rng;

use super::cases::{AllowanceAnomaly, AllowanceNearMiss};
use super::pay::{cadre_payee, is_declared_kin, pay, Outlay};
use super::CadreRole;
use crate::generate::context::Ctx;
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::finance::filing_time;
use crate::generate::json::Fen;
use crate::generate::time::{at, plus_seconds};
use crate::generate::village::VillageState;

/// Day of the month from which the payroll is filed (on the first working day from it).
const PAYROLL_FILING_DAY: u32 = 12;

/// Calendar months of `year` that share at least one day with `start..=end` (open-ended
/// without `end`).
pub fn months_overlapping(year: i32, start: NaiveDate, end: Option<NaiveDate>) -> i64 {
    (1..=12)
        .filter(|&month| {
            let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid date");
            let last = first
                .checked_add_months(chrono::Months::new(1))
                .expect("valid date")
                .pred_opt()
                .expect("valid date");
            start <= last && end.is_none_or(|e| e >= first)
        })
        .count() as i64
}

/// EXP-02's standard of `person` for `year`: over all their roles.
pub fn standard(roles: &[CadreRole], person: &str, year: i32) -> Fen {
    roles
        .iter()
        .filter(|r| r.person == person)
        .map(|r| r.allowance * months_overlapping(year, r.term_start, r.term_end))
        .sum()
}

/// The month's allowance of `person` on `day`: of the roles held that day.
pub fn monthly(roles: &[CadreRole], person: &str, day: NaiveDate) -> Fen {
    roles
        .iter()
        .filter(|r| r.person == person && r.serves_on(day))
        .map(|r| r.allowance)
        .sum()
}

/// Whether `day` is the village's payroll filing day: the first working day from the 12th.
pub fn is_filing_day(ctx: &Ctx, day: NaiveDate) -> bool {
    if day.day() < PAYROLL_FILING_DAY || !ctx.calendar.is_working_day(day) {
        return false;
    }
    let mut d = day.with_day(PAYROLL_FILING_DAY).expect("valid date");
    while !ctx.calendar.is_working_day(d) {
        d = d.succ_opt().expect("valid date");
    }
    d == day
}

/// Files the month's payroll on `day` and pays it the next working day, cadre by cadre.
pub fn payroll(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    cases: &mut CaseDraw<AllowanceAnomaly, AllowanceNearMiss>,
) {
    let payday = ctx.calendar.working_days_after(day, 1);
    if payday > ctx.last_day {
        return;
    }
    let year = payday.year();
    let people: Vec<String> = v.cadres.iter().map(|c| c.payee.person_id.clone()).collect();
    for person in people {
        let month = monthly(&v.expense.roles, &person, payday);
        if month == 0 || is_declared_kin(v, &person) {
            continue;
        }
        let standard = standard(&v.expense.roles, &person, year);
        let paid = v.expense.allowance_paid(&person, year);
        let whole_year = 12 * month;
        let x = v.expense.rng.gen();
        let pick = cases.draw(
            x,
            |k| match k {
                AllowanceAnomaly::OneFenOverStandard => true,
                AllowanceAnomaly::WholeYearForPartialTerm => whole_year > standard,
            },
            |k| match k {
                AllowanceNearMiss::AdvancedToStandard => standard - paid > month,
                AllowanceNearMiss::PartialTermMonthsCounted => {
                    whole_year > standard && standard > paid
                }
            },
        );
        let (amount, title) = match pick {
            Pick::Normal => (month, format!("{}月份村干部补贴", payday.month())),
            Pick::Anomaly(AllowanceAnomaly::OneFenOverStandard, _) => {
                (standard - paid + 1, format!("预发{year}年度村干部补贴"))
            }
            Pick::Anomaly(AllowanceAnomaly::WholeYearForPartialTerm, _) => {
                (whole_year - paid, format!("按全年发放{year}年度村干部补贴"))
            }
            Pick::NearMiss(_, _) => (standard - paid, format!("预发{year}年度村干部补贴")),
        };
        if amount <= 0 || (paid + amount > standard && matches!(pick, Pick::Normal)) {
            continue;
        }
        let Some(payee) = cadre_payee(v, &person) else {
            continue;
        };
        let o = Outlay {
            payee,
            purpose: "allowance",
            amount,
            title,
        };
        let filed_at = filing_time(v, day);
        let paid_at = plus_seconds(at(payday, 9, 30, 0), v.expense.rng.gen_range(0..4 * 3600));
        if !pay(ctx, v, &o, filed_at, paid_at) {
            continue;
        }
        v.expense.note_allowance(&person, year, amount);
        pick.count(ctx, |a| a.target(), |n| n.target());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_of_a_term_count_whole() {
        assert_eq!(months_overlapping(2023, d(2020, 5, 1), None), 12);
        assert_eq!(months_overlapping(2023, d(2023, 3, 31), None), 10);
        assert_eq!(
            months_overlapping(2023, d(2021, 3, 1), Some(d(2023, 2, 1))),
            2
        );
        assert_eq!(
            months_overlapping(2023, d(2021, 3, 1), Some(d(2022, 12, 31))),
            0
        );
        assert_eq!(
            months_overlapping(2023, d(2023, 4, 30), Some(d(2023, 5, 1))),
            2
        );
    }

    #[test]
    fn the_standard_adds_every_role() {
        let roles = [
            CadreRole::new("a", "party_secretary", d(2021, 1, 1), None, 420_000),
            CadreRole::new("a", "director", d(2021, 1, 1), None, 420_000),
            CadreRole::new(
                "b",
                "committee_member",
                d(2021, 1, 1),
                Some(d(2023, 3, 15)),
                260_000,
            ),
        ];
        assert_eq!(standard(&roles, "a", 2023), 12 * 840_000);
        assert_eq!(standard(&roles, "b", 2023), 3 * 260_000);
        assert_eq!(monthly(&roles, "b", d(2023, 3, 16)), 0);
        assert_eq!(monthly(&roles, "a", d(2023, 3, 16)), 840_000);
    }
}
