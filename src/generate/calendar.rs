//! The public holiday calendar (节假日与调休) published as `registry.calendar`, and working-day
//! arithmetic on it (events.md §7.5).

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeMap;

use super::time::plus_days;

/// A day that differs from the default week, or a festival day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarDay {
    pub workday: bool,
    pub festival: Option<&'static str>,
}

/// Calendar entries of the covered years.
#[derive(Debug, Clone, Default)]
pub struct HolidayCalendar {
    entries: BTreeMap<NaiveDate, CalendarDay>,
}

/// One holiday block of a year: the festival, its day, the days off and the adjusted workdays.
struct Block {
    festival: &'static str,
    festival_day: (u32, u32),
    off: ((u32, u32), (u32, u32)),
    workdays: &'static [(u32, u32)],
}

const fn block(
    festival: &'static str,
    festival_day: (u32, u32),
    off: ((u32, u32), (u32, u32)),
    workdays: &'static [(u32, u32)],
) -> Block {
    Block {
        festival,
        festival_day,
        off,
        workdays,
    }
}

/// Official schedules (国务院办公厅节假日安排) of the years most often generated.
fn official_schedule(year: i32) -> Option<Vec<Block>> {
    let blocks = match year {
        2022 => vec![
            block("元旦", (1, 1), ((1, 1), (1, 3)), &[]),
            block("春节", (2, 1), ((1, 31), (2, 6)), &[(1, 29), (1, 30)]),
            block("清明节", (4, 5), ((4, 3), (4, 5)), &[(4, 2)]),
            block("劳动节", (5, 1), ((4, 30), (5, 4)), &[(4, 24), (5, 7)]),
            block("端午节", (6, 3), ((6, 3), (6, 5)), &[]),
            block("中秋节", (9, 10), ((9, 10), (9, 12)), &[]),
            block("国庆节", (10, 1), ((10, 1), (10, 7)), &[(10, 8), (10, 9)]),
        ],
        2023 => vec![
            block("元旦", (1, 1), ((1, 1), (1, 2)), &[]),
            block("春节", (1, 22), ((1, 21), (1, 27)), &[(1, 28), (1, 29)]),
            block("清明节", (4, 5), ((4, 5), (4, 5)), &[]),
            block("劳动节", (5, 1), ((4, 29), (5, 3)), &[(4, 23), (5, 6)]),
            block("端午节", (6, 22), ((6, 22), (6, 24)), &[(6, 25)]),
            block("中秋节", (9, 29), ((9, 29), (9, 30)), &[]),
            block("国庆节", (10, 1), ((10, 1), (10, 6)), &[(10, 7), (10, 8)]),
        ],
        2024 => vec![
            block("元旦", (1, 1), ((1, 1), (1, 1)), &[]),
            block("春节", (2, 10), ((2, 10), (2, 17)), &[(2, 4), (2, 18)]),
            block("清明节", (4, 4), ((4, 4), (4, 6)), &[(4, 7)]),
            block("劳动节", (5, 1), ((5, 1), (5, 5)), &[(4, 28), (5, 11)]),
            block("端午节", (6, 10), ((6, 8), (6, 10)), &[]),
            block("中秋节", (9, 17), ((9, 15), (9, 17)), &[(9, 14)]),
            block("国庆节", (10, 1), ((10, 1), (10, 7)), &[(9, 29), (10, 12)]),
        ],
        2025 => vec![
            block("元旦", (1, 1), ((1, 1), (1, 1)), &[]),
            block("春节", (1, 29), ((1, 28), (2, 4)), &[(1, 26), (2, 8)]),
            block("清明节", (4, 4), ((4, 4), (4, 6)), &[]),
            block("劳动节", (5, 1), ((5, 1), (5, 5)), &[(4, 27)]),
            block("端午节", (5, 31), ((5, 31), (6, 2)), &[]),
            block("国庆节", (10, 1), ((10, 1), (10, 8)), &[(9, 28), (10, 11)]),
            block("中秋节", (10, 6), ((10, 6), (10, 6)), &[]),
        ],
        _ => return None,
    };
    Some(blocks)
}

/// Gregorian dates of the lunar festivals: 春节, 端午节, 中秋节.
fn lunar_festivals(year: i32) -> Option<[(u32, u32); 3]> {
    Some(match year {
        2018 => [(2, 16), (6, 18), (9, 24)],
        2019 => [(2, 5), (6, 7), (9, 13)],
        2020 => [(1, 25), (6, 25), (10, 1)],
        2021 => [(2, 12), (6, 14), (9, 21)],
        2026 => [(2, 17), (6, 19), (9, 25)],
        2027 => [(2, 6), (6, 9), (9, 15)],
        2028 => [(1, 26), (5, 28), (10, 3)],
        2029 => [(2, 13), (6, 16), (9, 22)],
        2030 => [(2, 3), (6, 5), (9, 12)],
        _ => return None,
    })
}

fn date(year: i32, (m, d): (u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, m, d).expect("valid calendar date")
}

impl HolidayCalendar {
    /// The calendar of every year from `first_year` to `last_year`.
    pub fn for_years(first_year: i32, last_year: i32) -> Self {
        let mut calendar = Self::default();
        for year in first_year..=last_year {
            match official_schedule(year) {
                Some(blocks) => calendar.add_blocks(year, &blocks),
                None => calendar.add_approximate_year(year),
            }
        }
        calendar
    }

    fn add_blocks(&mut self, year: i32, blocks: &[Block]) {
        for b in blocks {
            let (first, last) = (date(year, b.off.0), date(year, b.off.1));
            let mut d = first;
            while d <= last {
                self.entries.entry(d).or_insert(CalendarDay {
                    workday: false,
                    festival: None,
                });
                d = plus_days(d, 1);
            }
            self.entries
                .entry(date(year, b.festival_day))
                .and_modify(|e| e.festival = Some(b.festival))
                .or_insert(CalendarDay {
                    workday: false,
                    festival: Some(b.festival),
                });
            for &w in b.workdays {
                self.entries.insert(
                    date(year, w),
                    CalendarDay {
                        workday: true,
                        festival: None,
                    },
                );
            }
        }
    }

    /// Years without an official table: the fixed-date holidays, the lunar ones where known, and
    /// 清明节 on 5 April; no adjusted workdays.
    fn add_approximate_year(&mut self, year: i32) {
        let mut blocks = vec![
            block("元旦", (1, 1), ((1, 1), (1, 1)), &[]),
            block("清明节", (4, 5), ((4, 5), (4, 5)), &[]),
            block("劳动节", (5, 1), ((5, 1), (5, 5)), &[]),
            block("国庆节", (10, 1), ((10, 1), (10, 7)), &[]),
        ];
        if let Some([spring, dragon, autumn]) = lunar_festivals(year) {
            let spring_day = date(year, spring);
            let eve = plus_days(spring_day, -1);
            let end = plus_days(spring_day, 5);
            if eve.year() == year && end.year() == year {
                blocks.push(block(
                    "春节",
                    spring,
                    ((eve.month(), eve.day()), (end.month(), end.day())),
                    &[],
                ));
            }
            blocks.push(block("端午节", dragon, (dragon, dragon), &[]));
            if autumn != (10, 1) {
                blocks.push(block("中秋节", autumn, (autumn, autumn), &[]));
            }
        }
        self.add_blocks(year, &blocks);
    }

    /// Entries in date order.
    pub fn entries(&self) -> impl Iterator<Item = (&NaiveDate, &CalendarDay)> {
        self.entries.iter()
    }

    /// A working day per events.md §7.5.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.entries.get(&d) {
            Some(entry) => entry.workday,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// wd_add(day, n): the n-th working day after `day` (`day` itself not counted).
    pub fn working_days_after(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            day = plus_days(day, 1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// `n` consecutive working days starting at `first` (which must be a working day).
    pub fn working_days_from(&self, first: NaiveDate, n: usize) -> Vec<NaiveDate> {
        let mut days = Vec::with_capacity(n);
        let mut d = first;
        for _ in 0..n {
            days.push(d);
            d = self.working_days_after(d, 1);
        }
        days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn spring_festival_2023_and_its_adjusted_workdays() {
        let cal = HolidayCalendar::for_years(2023, 2023);
        assert!(!cal.is_working_day(d(2023, 1, 23)));
        assert!(cal.is_working_day(d(2023, 1, 28)));
        assert!(cal.is_working_day(d(2023, 1, 30)));
        assert!(!cal.is_working_day(d(2023, 2, 4)));
        let festivals: Vec<&str> = cal.entries().filter_map(|(_, e)| e.festival).collect();
        for name in ["春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"] {
            assert!(festivals.contains(&name), "{name}");
        }
    }

    #[test]
    fn working_day_addition_skips_holidays() {
        let cal = HolidayCalendar::for_years(2023, 2023);
        assert_eq!(cal.working_days_after(d(2023, 1, 20), 1), d(2023, 1, 28));
        assert_eq!(cal.working_days_after(d(2023, 1, 20), 0), d(2023, 1, 20));
    }

    #[test]
    fn approximate_years_have_every_festival_where_known() {
        let cal = HolidayCalendar::for_years(2027, 2027);
        let festivals: Vec<&str> = cal.entries().filter_map(|(_, e)| e.festival).collect();
        assert_eq!(festivals.len(), 7);
    }
}
