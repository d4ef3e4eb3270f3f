//! [`QueueStore`] for [`SqlStore`]: one page of the alert queue in one indexed query, the
//! user's scope written as SQL that says what [`may_see`](mingjing_engine::scope::may_see) says.
//!
//! The query is built once for both backends; only the bind placeholder and the
//! case-insensitive LIKE differ. Keys are the millisecond columns of migration 0005, and the
//! former holders of escalated alerts come from its `alert_former_holders` table.

use crate::error::{operation_error, Backend};
use crate::lifecycle_rows::{tracked_columns, TrackedRow};
use crate::sql_store::{sql_limit, SqlPool, SqlStore};
use mingjing_engine::queue::{millis, QueuePage, QueueQuery, QueueSort, QueueStore};
use mingjing_engine::store::StoreError;
use mingjing_engine::users::{Role, User};

/// A value bound to the query, in placeholder order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Bind {
    Text(Option<String>),
    Int(i64),
}

/// A queue query as SQL text and its binds.
pub(crate) struct QueueSql {
    pub sql: String,
    pub binds: Vec<Bind>,
}

/// Builds the query, or `None` when the user sees no alert at all (no query is needed).
pub(crate) fn queue_sql(user: &User, query: &QueueQuery, backend: Backend) -> Option<QueueSql> {
    let mut b = Builder {
        backend,
        binds: Vec::new(),
    };
    let mut conditions = vec![scope_condition(&mut b, user)?];
    filter_conditions(&mut b, query, &mut conditions);
    let key = match query.sort {
        QueueSort::DetectedDesc | QueueSort::DetectedAsc => "detected_ms",
        QueueSort::DeadlineAsc => "due_ms",
    };
    let direction = if query.sort.descending() {
        "DESC"
    } else {
        "ASC"
    };
    if let Some(cursor) = &query.after {
        let (k, id) = (b.int(cursor.key), b.text(&cursor.alert_id));
        let op = if query.sort.descending() { "<" } else { ">" };
        conditions.push(format!("({key}, alert_id) {op} ({k}, {id})"));
    }
    // One extra row says whether there is a next page.
    let limit = b.int(sql_limit(query.limit.saturating_add(1)));
    let sql = format!(
        "SELECT {} FROM alerts WHERE {} ORDER BY {key} {direction}, alert_id {direction} LIMIT {limit}",
        tracked_columns(),
        conditions.join(" AND "),
    );
    Some(QueueSql {
        sql,
        binds: b.binds,
    })
}

struct Builder {
    backend: Backend,
    binds: Vec<Bind>,
}

impl Builder {
    fn push(&mut self, bind: Bind) -> String {
        self.binds.push(bind);
        match self.backend {
            Backend::Sqlite => format!("?{}", self.binds.len()),
            Backend::Postgres => format!("${}", self.binds.len()),
        }
    }

    fn text(&mut self, value: &str) -> String {
        self.push(Bind::Text(Some(value.to_string())))
    }

    fn opt_text(&mut self, value: &Option<String>) -> String {
        self.push(Bind::Text(value.clone()))
    }

    fn int(&mut self, value: i64) -> String {
        self.push(Bind::Int(value))
    }

    fn like(&self) -> &'static str {
        match self.backend {
            // SQLite's LIKE ignores ASCII case already.
            Backend::Sqlite => "LIKE",
            Backend::Postgres => "ILIKE",
        }
    }
}

/// [`may_see`](mingjing_engine::scope::may_see) as SQL; `None` for a user who sees nothing.
fn scope_condition(b: &mut Builder, user: &User) -> Option<String> {
    if user.disabled {
        return None;
    }
    let former = |condition: String| {
        format!(
            "EXISTS (SELECT 1 FROM alert_former_holders h WHERE h.alert_id = alerts.alert_id AND {condition})"
        )
    };
    Some(match user.role {
        Role::CityCommission => "1 = 1".to_string(),
        // Acts on what its township holds below the city; sees every alert of its township.
        Role::TownshipCommission => {
            let t = b.opt_text(&user.township_id);
            format!(
                "((route_township_id = {t} AND route_target <> 'city_commission') OR township_id = {t})"
            )
        }
        Role::Department => {
            let (t, d) = (b.opt_text(&user.township_id), b.opt_text(&user.dept));
            let held =
                format!("route_target = 'dept' AND route_township_id = {t} AND route_dept = {d}");
            let before = former(format!(
                "h.target = 'dept' AND h.township_id = {t} AND h.dept = {d}"
            ));
            format!("(({held}) OR {before})")
        }
        Role::Village => {
            let v = b.opt_text(&user.village_id);
            let before = former(format!("h.target = 'village' AND h.village_id = {v}"));
            format!("((route_target = 'village' AND route_village_id = {v}) OR {before})")
        }
        Role::RuleAuthor | Role::Ops => return None,
    })
}

fn filter_conditions(b: &mut Builder, query: &QueueQuery, out: &mut Vec<String>) {
    if let Some(color) = query.color {
        out.push(format!("color = {}", b.text(color.as_str())));
    }
    if let Some(kind) = query.kind {
        out.push(format!("kind = {}", b.text(kind.as_str())));
    }
    if let Some(category) = &query.category {
        out.push(format!("category = {}", b.text(category)));
    }
    if let Some(threshold) = &query.threshold {
        let t = b.text(threshold);
        out.push(format!("(threshold_id = {t} OR threshold_code = {t})"));
    }
    if let Some(township) = &query.township_id {
        out.push(format!("township_id = {}", b.text(township)));
    }
    if let Some(village) = &query.village_id {
        out.push(format!("village_id = {}", b.text(village)));
    }
    if let Some(holder) = &query.holder {
        out.push(format!("route_target = {}", b.text(&holder.target)));
        if let Some(dept) = &holder.dept {
            out.push(format!("route_dept = {}", b.text(dept)));
        }
    }
    if let Some(wanted) = query.overdue {
        let now = b.int(millis(query.now));
        let overdue = format!(
            "((color = 'red' AND ack_deadline_ms < {now}) OR (color <> 'green' AND close_deadline_ms < {now}))"
        );
        out.push(if wanted {
            overdue
        } else {
            format!("NOT {overdue}")
        });
    }
    if let Some(from) = query.detected_from {
        out.push(format!("detected_ms >= {}", b.int(millis(from))));
    }
    if let Some(to) = query.detected_to {
        out.push(format!("detected_ms < {}", b.int(millis(to))));
    }
    if let Some(text) = &query.text {
        let like = b.like();
        let p = b.text(&like_pattern(text));
        out.push(format!(
            "(message {like} {p} ESCAPE '\\' OR village_id {like} {p} ESCAPE '\\' \
             OR threshold_code {like} {p} ESCAPE '\\')"
        ));
    }
}

/// `%text%` with LIKE's wildcards and the escape character taken literally.
pub(crate) fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl QueueStore for SqlStore {
    async fn list_queue(&self, user: &User, query: &QueueQuery) -> Result<QueuePage, StoreError> {
        const OP: &str = "list_queue";
        let backend = self.backend();
        let Some(QueueSql { sql, binds }) = queue_sql(user, query, backend) else {
            return Ok(QueuePage {
                items: Vec::new(),
                next: None,
            });
        };
        let err = |e: sqlx::Error| operation_error(backend, OP, &e);
        let rows: Vec<TrackedRow> = match self.pool() {
            SqlPool::Sqlite(pool) => {
                let mut q = sqlx::query_as::<_, TrackedRow>(&sql);
                for bind in binds {
                    q = match bind {
                        Bind::Text(t) => q.bind(t),
                        Bind::Int(i) => q.bind(i),
                    };
                }
                q.fetch_all(pool).await.map_err(err)?
            }
            SqlPool::Postgres(pool) => {
                let mut q = sqlx::query_as::<_, TrackedRow>(&sql);
                for bind in binds {
                    q = match bind {
                        Bind::Text(t) => q.bind(t),
                        Bind::Int(i) => q.bind(i),
                    };
                }
                q.fetch_all(pool).await.map_err(err)?
            }
        };
        let items = rows
            .into_iter()
            .map(|row| row.into_tracked(OP))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(QueuePage::from_rows(items, query))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mingjing_engine::values::Timestamp;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("a%b_c\\d"), "%a\\%b\\_c\\\\d%");
        assert_eq!(like_pattern("张三"), "%张三%");
    }

    #[test]
    fn users_without_alerts_need_no_query() {
        let now = Timestamp::parse("2025-03-01T00:00:00Z").unwrap();
        let ops = User::new("o", Role::Ops, None, None, None).unwrap();
        assert!(queue_sql(&ops, &QueueQuery::new(now), Backend::Sqlite).is_none());
        let mut city = User::new("c", Role::CityCommission, None, None, None).unwrap();
        let q = queue_sql(&city, &QueueQuery::new(now), Backend::Postgres).unwrap();
        assert!(q.sql.ends_with("LIMIT $1"), "{}", q.sql);
        city.disabled = true;
        assert!(queue_sql(&city, &QueueQuery::new(now), Backend::Postgres).is_none());
    }
}
