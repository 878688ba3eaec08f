package cn.openlicense.simulator;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A provincial-level division of GB/T 2260 as the generator needs it: name, capital (for
 * addresses and company names) and telephone area code (empty where mainland landlines do not
 * apply, so contacts there are mobile numbers).
 */
record Region(String code, String name, String capital, String areaCode) {

  private static final Map<String, Region> BY_CODE = Stream.of(
      new Region("110000", "北京市", "北京", "010"),
      new Region("120000", "天津市", "天津", "022"),
      new Region("130000", "河北省", "石家庄", "0311"),
      new Region("140000", "山西省", "太原", "0351"),
      new Region("150000", "内蒙古自治区", "呼和浩特", "0471"),
      new Region("210000", "辽宁省", "沈阳", "024"),
      new Region("220000", "吉林省", "长春", "0431"),
      new Region("230000", "黑龙江省", "哈尔滨", "0451"),
      new Region("310000", "上海市", "上海", "021"),
      new Region("320000", "江苏省", "南京", "025"),
      new Region("330000", "浙江省", "杭州", "0571"),
      new Region("340000", "安徽省", "合肥", "0551"),
      new Region("350000", "福建省", "福州", "0591"),
      new Region("360000", "江西省", "南昌", "0791"),
      new Region("370000", "山东省", "济南", "0531"),
      new Region("410000", "河南省", "郑州", "0371"),
      new Region("420000", "湖北省", "武汉", "027"),
      new Region("430000", "湖南省", "长沙", "0731"),
      new Region("440000", "广东省", "广州", "020"),
      new Region("450000", "广西壮族自治区", "南宁", "0771"),
      new Region("460000", "海南省", "海口", "0898"),
      new Region("500000", "重庆市", "重庆", "023"),
      new Region("510000", "四川省", "成都", "028"),
      new Region("520000", "贵州省", "贵阳", "0851"),
      new Region("530000", "云南省", "昆明", "0871"),
      new Region("540000", "西藏自治区", "拉萨", "0891"),
      new Region("610000", "陕西省", "西安", "029"),
      new Region("620000", "甘肃省", "兰州", "0931"),
      new Region("630000", "青海省", "西宁", "0971"),
      new Region("640000", "宁夏回族自治区", "银川", "0951"),
      new Region("650000", "新疆维吾尔自治区", "乌鲁木齐", "0991"),
      new Region("710000", "台湾省", "台北", ""),
      new Region("810000", "香港特别行政区", "香港", ""),
      new Region("820000", "澳门特别行政区", "澳门", ""))
      .collect(Collectors.toUnmodifiableMap(Region::code, r -> r));

  /** The region of a GB/T 2260 provincial code, if there is one. */
  static Optional<Region> of(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /** The region of a provincial code, or a failure naming the code. */
  static Region require(String code) {
    return of(code).orElseThrow(() -> new IllegalArgumentException(
        "not a GB/T 2260 provincial-level code: " + code + " (e.g. 330000 for 浙江省)"));
  }

  /** Whether the name is the city itself (直辖市), so addresses do not repeat it. */
  boolean municipality() {
    return name.equals(capital + "市");
  }
}
