package cn.openlicense.gateway.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.schema.PatenteeKind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

final class PatenteesTest {

  static Stream<Arguments> split() {
    return Stream.of(
        Arguments.of("清华大学", List.of("清华大学")),
        Arguments.of("清华大学;北京大学", List.of("清华大学", "北京大学")),
        Arguments.of("清华大学；北京大学", List.of("清华大学", "北京大学")),
        Arguments.of("清华大学、北京大学、浙江大学", List.of("清华大学", "北京大学", "浙江大学")),
        Arguments.of("清华大学,北京大学", List.of("清华大学", "北京大学")),
        Arguments.of("清华大学，北京大学", List.of("清华大学", "北京大学")),
        Arguments.of("清华大学/北京大学", List.of("清华大学", "北京大学")),
        Arguments.of("清华大学\n北京大学\r\n浙江大学", List.of("清华大学", "北京大学", "浙江大学")),
        Arguments.of(" 清华大学 ; ; 北京大学；", List.of("清华大学", "北京大学")),
        Arguments.of("清华大学\u3000；\u200B北京大学", List.of("清华大学", "北京大学")),
        Arguments.of("清华大学;北京大学;清华大学", List.of("清华大学", "北京大学")),
        Arguments.of("ＡＢＣ Ltd.;ABC Ltd.", List.of("ABC Ltd.")),
        Arguments.of("HUAWEI CO., LTD.;Huawei Co., Ltd.", List.of("HUAWEI CO., LTD.")),
        Arguments.of("Huawei Technologies Co., Ltd.", List.of("Huawei Technologies Co., Ltd.")),
        Arguments.of("Huawei Technologies Co., Ltd.；清华大学",
            List.of("Huawei Technologies Co., Ltd.", "清华大学")),
        Arguments.of("Samsung Electronics Co.,Ltd, LG Electronics Inc.",
            List.of("Samsung Electronics Co.,Ltd", "LG Electronics Inc.")),
        Arguments.of("Google, Inc., Apple Inc.", List.of("Google, Inc.", "Apple Inc.")),
        Arguments.of("Acme, LLC,Beta Corp.", List.of("Acme, LLC", "Beta Corp.")),
        Arguments.of("Novo Nordisk A/S/清华大学", List.of("Novo Nordisk A/S", "清华大学")),
        Arguments.of("华为技术有限公司（深圳，龙岗）、张三",
            List.of("华为技术有限公司(深圳,龙岗)", "张三")),
        // An unclosed bracket must not swallow the rest of the list.
        Arguments.of("某公司（原名：甲、乙", List.of("某公司(原名:甲", "乙")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void split(String raw, List<String> names) {
    assertThat(Patentees.split(raw)).containsExactlyElementsOf(names);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", ";；、", "\n\n"})
  void nothingToSplitIsAnEmptyList(String raw) {
    assertThat(Patentees.split(raw)).isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "清华大学 | UNIVERSITY",
      "中国科学院大学 | UNIVERSITY",
      "中国石油大学（北京） | UNIVERSITY",
      "哈尔滨工业大学(威海) | UNIVERSITY",
      "深圳职业技术学院 | UNIVERSITY",
      "北京大学深圳研究生院 | UNIVERSITY",
      "某某高等专科学校 | UNIVERSITY",
      "Massachusetts Institute of Technology | UNIVERSITY",
      "Stanford University | UNIVERSITY",
      "中国科学院自动化研究所 | RESEARCH_INSTITUTE",
      "中国科学院 | RESEARCH_INSTITUTE",
      "中国农业科学院 | RESEARCH_INSTITUTE",
      "中科院 | RESEARCH_INSTITUTE",
      "之江实验室 | RESEARCH_INSTITUTE",
      "浙江大学宁波研究院 | RESEARCH_INSTITUTE",
      "江苏省产业技术研究院 | RESEARCH_INSTITUTE",
      "国家电网有限公司 | STATE_OWNED",
      "国网江苏省电力有限公司 | STATE_OWNED",
      "中国石油化工股份有限公司 | STATE_OWNED",
      "中国石油天然气集团有限公司 | STATE_OWNED",
      "广东电网有限责任公司广州供电局 | STATE_OWNED",
      "上海某某国有资产经营有限公司 | STATE_OWNED",
      "中国某某控股集团有限公司 | STATE_OWNED",
      "华为技术有限公司 | ENTERPRISE",
      "深圳市某某科技股份有限公司 | ENTERPRISE",
      "某某集团 | ENTERPRISE",
      "某某机械厂 | ENTERPRISE",
      "中国电力科学研究院有限公司 | ENTERPRISE",
      "Huawei Technologies Co., Ltd. | ENTERPRISE",
      "Apple Inc. | ENTERPRISE",
      "Siemens AG | ENTERPRISE",
      "张三 | INDIVIDUAL",
      "王小明 | INDIVIDUAL",
      "欧阳娜娜 | INDIVIDUAL",
      "买买提·艾力 | INDIVIDUAL",
      "北京大学第三医院 | OTHER",
      "四川大学华西医院 | OTHER",
      "北京市第一中学 | OTHER",
      "中国专利保护协会 | OTHER",
      "某市公安局 | OTHER",
      "检测中心 | OTHER",
      "John Smith | OTHER",
      "诸葛孔明先生的遗产管理人 | OTHER"})
  void kindOf(String name, PatenteeKind kind) {
    assertThat(Patentees.kindOf(name)).isEqualTo(kind);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void noNameIsOther(String name) {
    assertThat(Patentees.kindOf(name)).isEqualTo(PatenteeKind.OTHER);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "高校, UNIVERSITY", "大学, UNIVERSITY", "高等院校, UNIVERSITY",
      "科研院所, RESEARCH_INSTITUTE", "科研机构, RESEARCH_INSTITUTE",
      "国有企业, STATE_OWNED", "国企, STATE_OWNED", "央企, STATE_OWNED",
      "企业, ENTERPRISE", "民营企业, ENTERPRISE", "中小企业, ENTERPRISE",
      "个人, INDIVIDUAL", "自然人, INDIVIDUAL", "其他, OTHER",
      "university, UNIVERSITY", "Research_Institute, RESEARCH_INSTITUTE",
      "state-owned, STATE_OWNED", "ENTERPRISE, ENTERPRISE", "individual, INDIVIDUAL",
      "' 高 校 ', UNIVERSITY", "ＯＴＨＥＲ, OTHER"})
  void parseKind(String raw, PatenteeKind kind) {
    assertThat(Patentees.parseKind(raw)).contains(kind);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "社会团体", "高校/科研院所", "UNI", "外国人"})
  void unknownKindIsEmpty(String raw) {
    assertThat(Patentees.parseKind(raw)).isEmpty();
  }
}
