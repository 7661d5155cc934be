// The indicator codebook a new workspace starts with: the science-and-technology indicators of
// the sample corpus and the macro indicators national government work reports set targets for.
// `higherIsBetter: false` marks ceilings (CPI 涨幅3%左右 is met by anything at or below 3%).
import type { Indicator } from './model'

const indicator = (key: string, name: string, unit: string, higherIsBetter: boolean, aliases: string[]): Indicator => ({
  key,
  name,
  unit,
  higherIsBetter,
  aliases,
})

export const starterCodebook: Indicator[] = [
  indicator('tech-contract-turnover', '技术合同成交额', '亿元', true, ['技术交易合同成交额', '技術交易合同成交額', '技术合同成交额', '技術合同成交額']),
  indicator('high-tech-enterprises', '高新技术企业数量', '家', true, ['高新技术企业', '高新技術企業', '高企总量', '高企']),
  indicator('high-tech-enterprises-net-new', '高新技术企业净增数', '家', true, ['净增高新技术企业', '新增高新技术企业', '淨增高新技術企業']),
  indicator('sci-tech-enterprises', '科技创新企业数量', '家', true, ['科技创新企业总数', '科技创新企业', '科技創新企業']),
  indicator('state-key-labs', '国家重点实验室数量', '家', true, ['國家重點實驗室', '国家重点实验室']),
  indicator('maker-spaces', '众创空间数量', '家', true, ['众创空间', '眾創空間']),
  indicator('incubators', '科技企业孵化器数量', '家', true, ['科技企业孵化器', '科技企業孵化器', '孵化器']),
  indicator('incubated-firms', '孵化器在孵企业数量', '家', true, ['在孵企業數量', '在孵企业（团队）', '在孵企业']),
  indicator('credit-risk-pool', '科技信贷风险补偿资金池规模', '亿元', true, ['科技信贷风险补偿资金池', '信贷风险补偿资金池']),
  indicator('sci-tech-loans', '科技信贷发放贷款(累计)', '亿元', true, ['发放贷款', '撬动银行贷款', '科技信贷融资规模']),
  indicator('neeq-listings-new', '新增新三板挂牌企业', '家', true, ['新增新三板挂牌企业']),
  indicator('iur-alliances', '产学研技术创新联盟数量', '家', true, ['产学研技术创新联盟', '产学研联盟', '产学研协同创新联盟']),
  indicator('basic-research-share', '基础研究经费占全社会研发支出比重', '%', true, ['基礎研究經費支出占全社會研發支出比重', '基础研究经费支出占全社会研发支出比重']),
  indicator('rd-gdp-ratio', 'R&D经费占GDP比重', '%', true, ['研究與試驗發展(R&D)經費占地區生產總值(GDP)的比重', '研发经费投入强度', 'R&D经费占地区生产总值比重']),
  indicator('national-tech-transfer-orgs', '国家级技术转移服务机构数量', '家', true, ['国家级技术转移服务机构', '國家級技術轉移服務機構']),
  indicator('gdp-growth', '国内生产总值增长', '%', true, ['国内生产总值增长', '国内生产总值', 'GDP增长', '经济增长']),
  indicator('cpi', '居民消费价格涨幅', '%', false, ['居民消费价格涨幅', '居民消费价格', 'CPI涨幅', '消费价格涨幅']),
  indicator('urban-jobs-new', '城镇新增就业', '万人', true, ['城镇新增就业', '新增就业']),
  indicator('surveyed-unemployment', '城镇调查失业率', '%', false, ['城镇调查失业率', '调查失业率']),
  indicator('registered-unemployment', '城镇登记失业率', '%', false, ['城镇登记失业率', '登记失业率']),
  indicator('deficit-ratio', '赤字率', '%', false, ['赤字率']),
  indicator('rural-poverty-reduction', '农村贫困人口减少', '万人', true, ['农村贫困人口减少', '贫困人口减少', '减少农村贫困人口']),
  indicator('energy-intensity-reduction', '单位国内生产总值能耗下降', '%', true, ['单位国内生产总值能耗', '单位GDP能耗']),
  indicator('grain-output', '粮食产量', '亿斤', true, ['粮食产量', '粮食总产量']),
]
