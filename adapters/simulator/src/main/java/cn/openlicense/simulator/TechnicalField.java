package cn.openlicense.simulator;

import java.util.List;

/**
 * A field of technology the generator writes titles in, with the IPC symbols that fit it, so a
 * title about batteries is classified under H01M and not under A61K.
 *
 * @param ipc IPC symbols (as CNIPA writes them, without the space) of the field, main one first
 * @param qualifiers phrases placed before the subject, e.g. 基于深度学习的
 * @param subjects what a method title is about, e.g. 图像缺陷检测
 * @param methods the method noun, e.g. 方法, 制备方法
 * @param devices devices and systems (inventions and utility models), e.g. 视觉检测装置
 * @param industry the trade a company of this field names itself by, e.g. 智能科技
 * @param discipline what an institute of this field studies, e.g. 人工智能
 */
record TechnicalField(List<String> ipc, List<String> qualifiers, List<String> subjects,
    List<String> methods, List<String> devices, String industry, String discipline) {

  static final List<TechnicalField> ALL = List.of(
      new TechnicalField(List.of("G06T7/00", "G06V10/82", "G06N3/08", "G06T5/00"),
          List.of("基于深度学习的", "基于卷积神经网络的", "基于注意力机制的", "多尺度", "轻量化"),
          List.of("图像缺陷检测", "目标识别", "遥感影像分割", "人脸活体检测", "医学影像配准"),
          List.of("方法", "方法、装置、设备及存储介质", "方法及系统"),
          List.of("视觉检测装置", "图像采集系统", "智能识别终端"), "智能科技", "人工智能"),
      new TechnicalField(List.of("H01M10/0525", "H01M4/36", "H01M10/42", "H01M10/613"),
          List.of("高倍率", "长循环寿命", "高镍", "硅碳复合", "低温型"),
          List.of("锂离子电池正极材料", "固态电解质", "钠离子电池负极", "电池隔膜涂层"),
          List.of("制备方法", "制备方法及其应用"),
          List.of("电池包散热装置", "储能电池管理系统", "电芯模组固定结构"), "新能源", "储能材料"),
      new TechnicalField(List.of("H04L67/12", "H04W72/04", "H04B7/06", "H04L9/40"),
          List.of("面向物联网的", "低时延", "基于边缘计算的", "多天线", "高可靠"),
          List.of("数据传输", "无线资源分配", "信道估计", "网络切片调度", "终端接入认证"),
          List.of("方法", "方法及装置", "方法、系统及介质"),
          List.of("通信网关设备", "无线中继装置", "物联网采集终端"), "通信技术", "电子信息"),
      new TechnicalField(List.of("A61K36/00", "A61P25/20", "A61K31/00", "A61K9/20"),
          List.of("治疗失眠的", "降血脂的", "抗炎", "含黄芪的", "缓释"),
          List.of("中药组合物", "多糖提取物", "口腔崩解片", "复方制剂"),
          List.of("制备方法", "提取方法", "制备方法及用途"),
          List.of("中药提取浓缩装置", "药材烘干设备", "丸剂成型装置"), "生物医药", "中医药"),
      new TechnicalField(List.of("A61B5/00", "A61M25/00", "A61B17/34", "A61B5/0205"),
          List.of("可调节", "一次性", "便携式", "防滑脱", "可视化"),
          List.of("心电信号采集", "穿刺定位", "血氧监测", "术后康复评估"),
          List.of("方法", "方法及系统"),
          List.of("穿刺定位装置", "医用导管固定器", "心电监测设备", "康复训练器"),
          "医疗器械", "生物医学工程"),
      new TechnicalField(List.of("A01G9/02", "A01B49/00", "A01C7/00", "A01G25/16"),
          List.of("节水型", "智能", "适用于丘陵地区的", "高效", "可折叠"),
          List.of("水稻育秧", "茶园施肥", "果树修剪", "设施大棚温湿度调控"),
          List.of("方法", "栽培方法"),
          List.of("育苗盘", "智能灌溉系统", "秸秆还田机", "茶叶采摘装置"), "农业科技", "农业科学"),
      new TechnicalField(List.of("B23K26/00", "B23Q3/06", "B25J9/16", "B24B27/00"),
          List.of("高精度", "自适应", "多工位", "柔性", "快速换型"),
          List.of("激光焊接", "工件夹持", "机械臂轨迹规划", "薄壁件铣削"),
          List.of("方法", "方法及装置", "工艺"),
          List.of("焊接夹具", "打磨机器人", "数控机床上下料装置", "自动化装配线"),
          "智能装备", "先进制造技术"),
      new TechnicalField(List.of("E04B1/38", "E04G21/00", "E04F13/08", "E04B2/00"),
          List.of("装配式", "抗震", "免拆模", "轻质", "可周转"),
          List.of("墙板安装", "预制梁柱节点连接", "混凝土养护", "外墙保温施工"),
          List.of("方法", "施工方法"),
          List.of("脚手架连接件", "墙板安装装置", "预制构件吊装装置", "楼板支撑结构"),
          "建设工程", "建筑科学"),
      new TechnicalField(List.of("C02F1/00", "C02F3/30", "B01D53/86", "B01D46/00"),
          List.of("高盐", "低能耗", "一体化", "模块化", "生物强化"),
          List.of("工业废水处理", "烟气脱硫脱硝", "污泥减量", "渗滤液处理"),
          List.of("方法", "工艺", "方法及系统"),
          List.of("污水处理装置", "除尘设备", "废气净化塔", "曝气装置"), "环保科技", "环境科学"),
      new TechnicalField(List.of("C08L23/06", "C08K3/04", "C08J5/18", "C08L67/04"),
          List.of("可降解", "阻燃", "高韧性", "耐候", "导热"),
          List.of("聚乳酸复合材料", "聚乙烯薄膜", "石墨烯改性塑料", "环氧树脂胶黏剂"),
          List.of("制备方法", "制备方法及其应用"),
          List.of("薄膜吹塑装置", "造粒设备", "材料挤出机头"), "新材料", "高分子材料"),
      new TechnicalField(List.of("B60L53/00", "B60L58/12", "B60K6/00", "B60L53/30"),
          List.of("大功率", "无线", "智能", "有序", "车网互动的"),
          List.of("充电调度", "动力电池均衡", "整车能量管理", "充电枪温度监测"),
          List.of("方法", "方法及系统"),
          List.of("充电桩", "充电枪锁止装置", "换电站电池仓"), "汽车电子", "新能源汽车"),
      new TechnicalField(List.of("H02J3/38", "H02K1/27", "H02M7/00", "H02J3/32"),
          List.of("分布式", "永磁", "高效率", "基于模型预测控制的", "多端"),
          List.of("光伏并网控制", "微电网调度", "同步电机转子", "逆变器故障诊断"),
          List.of("方法", "方法及装置"),
          List.of("光伏逆变器", "电机转子结构", "配电柜散热装置"), "电力科技", "电力电子"),
      new TechnicalField(List.of("H01L21/02", "H01L33/00", "H01L29/78", "H01L23/367"),
          List.of("高压", "低缺陷", "垂直结构", "大尺寸", "高散热"),
          List.of("氮化镓外延片", "碳化硅功率器件", "发光二极管芯片", "晶圆键合"),
          List.of("制备方法", "制造方法"),
          List.of("芯片封装结构", "晶圆承载装置", "功率模块散热结构"), "微电子", "半导体"),
      new TechnicalField(List.of("A23L2/38", "A23F3/06", "A23L33/00", "A23L19/00"),
          List.of("低糖", "富硒", "速溶", "发酵型", "即食"),
          List.of("茶饮料", "果蔬汁", "米糠膳食纤维", "红茶萃取物"),
          List.of("制备方法", "加工方法"),
          List.of("茶叶揉捻机", "果蔬清洗设备", "发酵罐"), "食品科技", "食品科学"),
      new TechnicalField(List.of("D06M11/00", "D04B1/00", "D01F6/00", "D06M15/00"),
          List.of("抗菌", "吸湿排汗", "阻燃", "可再生", "凉感"),
          List.of("功能面料", "涤纶纤维", "纺织品整理", "针织物"),
          List.of("制备方法", "加工工艺"),
          List.of("纺纱张力调节装置", "织物烘干设备", "经编机送经机构"), "纺织科技", "纺织工程"),
      new TechnicalField(List.of("G01N21/00", "G01N33/00", "G01B11/00", "G01M5/00"),
          List.of("快速", "无损", "在线", "高灵敏", "分布式"),
          List.of("重金属检测", "桥梁形变监测", "土壤养分检测", "管道泄漏定位"),
          List.of("方法", "方法及装置"),
          List.of("检测装置", "监测系统", "光谱采集仪"), "检测技术", "测控技术"),
      new TechnicalField(List.of("C22C38/00", "C21D9/00", "C22C21/00", "C21D8/02"),
          List.of("高强度", "耐腐蚀", "低成本", "超细晶", "耐高温"),
          List.of("热轧钢板", "铝合金型材", "钛合金锻件", "稀土镁合金"),
          List.of("制备方法", "热处理方法", "生产工艺"),
          List.of("退火炉", "连铸结晶器", "轧辊冷却装置"), "新材料", "冶金工程"));

  /** Products designs are registered for, with variants written in brackets as CNIPA does. */
  static final List<String> DESIGN_PRODUCTS = List.of("包装盒", "台灯", "智能手表", "电动自行车",
      "座椅", "保温杯", "手机壳", "充电桩", "路灯", "蓝牙音箱", "茶具", "空气净化器", "吊灯",
      "儿童推车", "扫地机器人", "洗衣机", "酒瓶", "月饼盒", "无人机", "电动牙刷");

  static final List<String> DESIGN_VARIANTS = List.of("茶叶", "礼品装", "1", "2", "青瓷", "迷你",
      "便携式", "智能", "车载", "家用");
}
