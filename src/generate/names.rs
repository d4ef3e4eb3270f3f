//! Chinese names and titles of people, jobs, projects and companies.

use rand::seq::SliceRandom;
use rand::Rng;

/// Surnames, the common ones repeated so they come up more often.
const SURNAMES: [&str; 40] = [
    "王", "王", "陈", "陈", "吴", "吴", "楼", "楼", "金", "金", "傅", "傅", "朱", "何", "龚", "张",
    "李", "刘", "杨", "黄", "周", "徐", "孙", "马", "胡", "郑", "冯", "骆", "方", "虞", "鲍", "丁",
    "蒋", "叶", "季", "宗", "毛", "俞", "贾", "施",
];

const GIVEN_NAMES: [&str; 60] = [
    "伟", "芳", "敏", "静", "丽", "强", "磊", "军", "勇", "艳", "杰", "娟", "涛", "明", "超", "华",
    "平", "刚", "秀英", "桂英", "建华", "国强", "志明", "建国", "海燕", "玉兰", "晓东", "小红",
    "春生", "根富", "金福", "水根", "素珍", "美华", "利民", "建军", "卫东", "红英", "雪芬", "爱国",
    "国平", "伟东", "丽萍", "旭俊", "樟富", "寿昌", "荷花", "月娥", "晓燕", "永明", "新华", "菊香",
    "德明", "跃进", "文彬", "佳怡", "子轩", "雨涵", "浩然", "欣怡",
];

pub fn surname(rng: &mut impl Rng) -> &'static str {
    SURNAMES.choose(rng).expect("non-empty")
}

pub fn person_name(rng: &mut impl Rng, family: &str) -> String {
    let given = GIVEN_NAMES.choose(rng).expect("non-empty");
    format!("{family}{given}")
}

const LABOR_TASKS: [&str; 22] = [
    "清理河道杂草",
    "村道保洁",
    "绿化带修剪",
    "沟渠清淤",
    "垃圾清运",
    "公厕保洁",
    "文化礼堂布置",
    "防汛物资搬运",
    "路灯维修协助",
    "村庄环境整治",
    "农田水利维护",
    "消防通道清障",
    "行道树修剪",
    "河塘护栏维修",
    "秸秆清理",
    "公共设施油漆",
    "山林防火巡查",
    "健身广场保洁",
    "村级仓库整理",
    "卫生死角清理",
    "乱堆乱放整治",
    "宣传栏更新布置",
];

const NIGHT_TASKS: [&str; 3] = ["防汛夜间值守", "山林防火夜间巡查", "水库夜间巡查"];

const PROJECTS: [&str; 12] = [
    "村道硬化工程",
    "文化礼堂修缮工程",
    "排水沟改造工程",
    "路灯安装工程",
    "池塘护岸工程",
    "停车场建设工程",
    "公厕改造工程",
    "农田灌溉渠维修工程",
    "村口景观提升工程",
    "老年活动中心修缮工程",
    "污水管网提升工程",
    "便民桥加固工程",
];

const TRADE_NAMES: [&str; 16] = [
    "恒达", "鑫源", "宏远", "永盛", "华通", "金诚", "顺发", "兴旺", "佳和", "利民", "众诚", "福源",
    "盛世", "宏达", "绿洲", "安泰",
];

const INDUSTRIES: [&str; 6] = [
    "建筑工程有限公司",
    "园林绿化有限公司",
    "劳务服务有限公司",
    "物业管理有限公司",
    "建材有限公司",
    "水利工程有限公司",
];

pub fn labor_title(rng: &mut impl Rng) -> String {
    format!("{} 临时用工", LABOR_TASKS.choose(rng).expect("non-empty"))
}

pub fn night_labor_title(rng: &mut impl Rng) -> String {
    format!("{} 临时用工", NIGHT_TASKS.choose(rng).expect("non-empty"))
}

pub fn project_title(rng: &mut impl Rng) -> String {
    (*PROJECTS.choose(rng).expect("non-empty")).to_string()
}

/// A shop name (字号) of two characters.
pub fn trade_name(rng: &mut impl Rng) -> &'static str {
    TRADE_NAMES.choose(rng).expect("non-empty")
}

pub fn company_name(rng: &mut impl Rng, place: &str) -> String {
    format!(
        "{place}{}{}",
        TRADE_NAMES.choose(rng).expect("non-empty"),
        INDUSTRIES.choose(rng).expect("non-empty")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn names_are_chinese() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let family = surname(&mut rng);
        let name = person_name(&mut rng, family);
        assert!(name.starts_with(family));
        assert!(labor_title(&mut rng).ends_with("临时用工"));
        assert!(company_name(&mut rng, "").ends_with("公司"));
    }
}
