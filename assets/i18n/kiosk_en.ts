<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AppointmentPage</name>
    <message>
        <location filename="../../kiosk/qml/AppointmentPage.qml" line="7"/>
        <source>找到您今天的预约</source>
        <translation>Your appointment today</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/AppointmentPage.qml" line="30"/>
        <source>预约时段：%1</source>
        <translation>Slot: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/AppointmentPage.qml" line="37"/>
        <source>签到并取号</source>
        <translation>Check in and take a number</translation>
    </message>
</context>
<context>
    <name>BusyPage</name>
    <message>
        <location filename="../../kiosk/qml/BusyPage.qml" line="17"/>
        <source>正在为您办理，请稍候…</source>
        <translation>One moment, please…</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="13"/>
        <source>%1 的办件</source>
        <translation>Cases of %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="13"/>
        <source>办件进度</source>
        <translation>Case progress</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="19"/>
        <source>刷身份证可查看您的全部办件并自助打印证照</source>
        <translation>Use your ID card to see all your cases and print your certificates</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="68"/>
        <source>办件编号 %1</source>
        <translation>Case no. %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="79"/>
        <source>已于 %1 办结</source>
        <translation>Completed on %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="81"/>
        <source>承诺 %1 办结，已超期 %2 个工作日</source>
        <translation>Promised by %1; %2 working days overdue</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="83"/>
        <source>承诺 %1 前办结，还剩 %2 个工作日</source>
        <translation>Promised by %1; %2 working days left</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="91"/>
        <source>可打印：证照已可自助打印</source>
        <translation>Ready to print: you can print the certificate here</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="92"/>
        <source>可打印：请刷申请人身份证后打印</source>
        <translation>Ready to print: use the applicant&apos;s ID card to print</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="104"/>
        <source>打印 %1</source>
        <translation>Print %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="104"/>
        <source>%1 已出证</source>
        <translation>%1 already issued</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="106"/>
        <source>补打请到窗口办理</source>
        <translation>For another copy, please go to a service window</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="116"/>
        <source>评价此办件</source>
        <translation>Rate this case</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CasesPage.qml" line="22"/>
        <source>共 %1 件，上下滑动查看全部</source>
        <translation>%1 cases: swipe up and down to see them all</translation>
    </message>
</context>
<context>
    <name>CategoryPage</name>
    <message>
        <location filename="../../kiosk/qml/CategoryPage.qml" line="22"/>
        <source>%1，请选择要办理的事项</source>
        <translation>%1, please choose a service</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CategoryPage.qml" line="23"/>
        <source>请选择要办理的事项</source>
        <translation>Please choose a service</translation>
    </message>
    <message>
        <source>还有 %1 项，请向下滑动</source>
        <translation>%1 more below — swipe up</translation>
    </message>
</context>
<context>
    <name>CategoryTile</name>
    <message>
        <location filename="../../kiosk/qml/CategoryTile.qml" line="57"/>
        <source>今日已停止取号</source>
        <translation>No more numbers today</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CategoryTile.qml" line="58"/>
        <source>仅限预约，请点“预约签到”</source>
        <translation>By appointment only: tap &quot;Appointment check-in&quot;</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CategoryTile.qml" line="59"/>
        <source>等候 %1 人 · 约 %2 分钟</source>
        <translation>%1 waiting · about %2 min</translation>
    </message>
</context>
<context>
    <name>CertificatePage</name>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="22"/>
        <source>请取走您的证照</source>
        <translation>Please take your certificate</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="23"/>
        <source>正在打印，请稍候…</source>
        <translation>Printing, please wait…</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="24"/>
        <source>证照未能打印</source>
        <translation>The certificate was not printed</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="25"/>
        <source>该证照已打印出证</source>
        <translation>This certificate was already issued</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="26"/>
        <source>上一次打印尚未确认</source>
        <translation>Last print not confirmed yet</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="27"/>
        <source>暂时无法打印</source>
        <translation>Cannot print just now</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="28"/>
        <source>打印证照</source>
        <translation>Print a certificate</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="49"/>
        <source>办件编号 %1</source>
        <translation>Case no. %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="57"/>
        <source>请将申请人本人的身份证放在感应区</source>
        <translation>Please place the applicant&apos;s own ID card on the reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="58"/>
        <source>确认打印后，证照将从下方出证口送出，并印有防伪核验码。</source>
        <translation>Once you confirm, the certificate comes out of the slot below, printed with a verification code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="59"/>
        <source>证照上的核验码可在网上或扫码查验真伪：</source>
        <translation>Anyone can check the certificate online or by its QR code with this verification code:</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="60"/>
        <source>打印未成功，证照仍可再次打印。如需帮助，请咨询窗口工作人员。</source>
        <translation>Printing did not succeed; you can print the certificate again. For help, please ask at a service window.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="61"/>
        <source>证照只能自助打印一次。再次打印需由工作人员核实后授权。</source>
        <translation>A certificate can be self-printed once. Another copy needs a member of staff to check and authorise it.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="62"/>
        <source>该证照上一次打印的结果尚未确认。如您没有取得证照，请工作人员核实后授权打印。</source>
        <translation>The last print of this document has not been confirmed yet. If you did not receive it, a member of staff can check and authorise a new print.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="71"/>
        <source>核验码 %1</source>
        <translation>Verification code %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="85"/>
        <source>证照已打印，打印结果正在登记，您无需等待</source>
        <translation>Your certificate is printed. Its record is being completed; you need not wait.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="102"/>
        <source>工作人员授权重打</source>
        <translation>Staff authorisation for another copy</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="114"/>
        <source>工作人员工号</source>
        <translation>Staff username</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="125"/>
        <source>密码</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="145"/>
        <source>授权并打印</source>
        <translation>Authorise and print</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="63"/>
        <source>办件尚未批准，证照还不能打印。</source>
        <translation>The case is not approved yet, so its certificate cannot be printed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="64"/>
        <source>暂时无法查询，请稍后再试或咨询窗口</source>
        <translation>Cannot look this up just now. Please try again later or ask at a service window.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="160"/>
        <source>确认打印</source>
        <translation>Print now</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CertificatePage.qml" line="168"/>
        <source>返回办件列表</source>
        <translation>Back to my cases</translation>
    </message>
</context>
<context>
    <name>CheckinPage</name>
    <message>
        <location filename="../../kiosk/qml/CheckinPage.qml" line="10"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CheckinPage.qml" line="27"/>
        <source>扫码器暂停使用</source>
        <translation>The code scanner is out of service</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CheckinPage.qml" line="27"/>
        <source>请将预约二维码对准扫码口</source>
        <translation>Hold your appointment QR code to the scanner</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CheckinPage.qml" line="32"/>
        <source>或</source>
        <translation>or</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CheckinPage.qml" line="39"/>
        <source>身份证阅读器暂停使用</source>
        <translation>The ID-card reader is out of service</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CheckinPage.qml" line="39"/>
        <source>将身份证放在感应区</source>
        <translation>Place your ID card on the reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/CheckinPage.qml" line="51"/>
        <source>预约时段开始前 %1 分钟内可签到；签到后在预约时段内优先叫号。</source>
        <translation>Check in up to %1 min before your slot starts; you are then called first within your slot.</translation>
    </message>
</context>
<context>
    <name>GuidePage</name>
    <message>
        <location filename="../../kiosk/qml/GuidePage.qml" line="9"/>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/GuidePage.qml" line="13"/>
        <source>搜索办事事项</source>
        <translation>Search the services</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/GuidePage.qml" line="17"/>
        <source>输入事项名称或拼音首字母，如 sfz</source>
        <translation>Type a service name or pinyin initials, e.g. sfz</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/GuidePage.qml" line="33"/>
        <source>共 %1 项</source>
        <translation>%1 services</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/GuidePage.qml" line="33"/>
        <source>没有找到相关事项，请换个词试试</source>
        <translation>Nothing found: try another word</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/GuidePage.qml" line="70"/>
        <source>当场办结</source>
        <translation>Done on the spot</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/GuidePage.qml" line="71"/>
        <source>承诺 %1 个工作日办结</source>
        <translation>Done within %1 working days</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/GuidePage.qml" line="72"/>
        <source> · 可网上办理</source>
        <translation> · can be done online</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <location filename="../../kiosk/qml/Header.qml" line="46"/>
        <source>设备维护</source>
        <translation>Device maintenance</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/Header.qml" line="47"/>
        <source>工作人员长按 3 秒，输入维护密码</source>
        <translation>Staff: press for 3 seconds, then enter the maintenance PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/Header.qml" line="53"/>
        <source>标准模式</source>
        <translation>Standard view</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/Header.qml" line="53"/>
        <source>长辈模式</source>
        <translation>Large text</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="119"/>
        <source>语音播报</source>
        <translation>Voice guidance</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="14"/>
        <source>欢迎！请选择要办理的业务</source>
        <translation>Welcome! What would you like to do?</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="36"/>
        <source>取号</source>
        <translation>Take a number</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="37"/>
        <source>刷身份证或选择事项后取号</source>
        <translation>Use your ID card or choose a service</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="49"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="50"/>
        <source>扫描预约二维码或刷身份证</source>
        <translation>Scan your appointment QR code or use your ID card</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="62"/>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="63"/>
        <source>所需材料、办理时限、收费和地点</source>
        <translation>Documents, time limits, fees and where to go</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="114"/>
        <source>补打凭条</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="115"/>
        <source>凭条没打出来？刷身份证或输入号码补打</source>
        <translation>No receipt? Reprint it by ID card or by its number</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="122"/>
        <source>如需帮助，请按服务台的呼叫按钮或咨询工作人员</source>
        <translation>Need help? Press the call button at the service desk or ask the staff</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="75"/>
        <source>进度查询</source>
        <translation>Case progress</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="76"/>
        <source>刷身份证或扫描办件二维码</source>
        <translation>ID card or the case QR code</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="88"/>
        <source>证照打印</source>
        <translation>Print certificate</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="89"/>
        <source>办结的证照刷身份证自助打印</source>
        <translation>Ready certificates, with your ID card</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="101"/>
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="102"/>
        <source>扫描取号凭条上的二维码评价</source>
        <translation>Scan the QR code on your ticket</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="135"/>
        <source>语音播报不可用</source>
        <translation>Voice guidance unavailable</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="136"/>
        <source>语音播报已开启：长按 3 秒关闭</source>
        <translation>Voice guidance on: hold 3 s to turn off</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/HomePage.qml" line="137"/>
        <source>语音播报：长按 3 秒开启</source>
        <translation>Voice guidance: hold 3 s to turn on</translation>
    </message>
</context>
<context>
    <name>IdentifyPage</name>
    <message>
        <location filename="../../kiosk/qml/IdentifyPage.qml" line="39"/>
        <source>身份证阅读器暂停使用</source>
        <translation>The ID-card reader is out of service</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/IdentifyPage.qml" line="39"/>
        <source>请将身份证放在下方感应区</source>
        <translation>Place your ID card on the reader below</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/IdentifyPage.qml" line="44"/>
        <source>办理此事项需要身份证</source>
        <translation>This service needs your ID card</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/IdentifyPage.qml" line="45"/>
        <source>70 岁及以上的长辈刷身份证可优先办理</source>
        <translation>Aged 70 or over? Use your ID card to be served first</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/IdentifyPage.qml" line="54"/>
        <source>不刷证，直接取号</source>
        <translation>Take a number without ID card</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../../kiosk/qml/IdleOverlay.qml" line="28"/>
        <source>您还在办理吗？</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/IdleOverlay.qml" line="28"/>
        <source>还在维护吗？</source>
        <translation>Still working here?</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/IdleOverlay.qml" line="39"/>
        <source>%1 秒后退出设备维护，返回首页</source>
        <translation>Maintenance closes in %1 s; back to the start</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/IdleOverlay.qml" line="40"/>
        <source>%1 秒后返回首页，并清除您的信息</source>
        <translation>Back to the start in %1 s; your details will be cleared</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/IdleOverlay.qml" line="50"/>
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/IdleOverlay.qml" line="50"/>
        <source>继续维护</source>
        <translation>Keep working</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../kiosk/qml/Main.qml" line="14"/>
        <source>自助服务终端</source>
        <translation>Self-service kiosk</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/Main.qml" line="60"/>
        <source>小票打印机暂停使用：取号后可到其他自助终端或服务台补打凭条</source>
        <translation>The ticket printer is out of service: after taking a number, get the receipt reprinted at another kiosk or at the service desk</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/Main.qml" line="61"/>
        <source>身份证阅读器暂停使用：请扫描预约码，或选择无需证件的事项</source>
        <translation>The ID-card reader is out of service: scan an appointment code, or choose a service that needs no ID</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/Main.qml" line="62"/>
        <source>扫码器暂停使用：预约签到请刷身份证</source>
        <translation>The code scanner is out of service: check in with your ID card</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/Main.qml" line="104"/>
        <source>返回首页</source>
        <translation>Start over</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/Main.qml" line="112"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/Main.qml" line="132"/>
        <source>离开时请点“返回首页”，您的信息会立即清除</source>
        <translation>When you leave, tap &quot;Start over&quot;: your details are cleared at once</translation>
    </message>
</context>
<context>
    <name>MatterPage</name>
    <message>
        <source>在线预填表单</source>
        <translation>Fill the form now</translation>
    </message>
    <message>
        <source>刷身份证自动填写，到窗口少填一张表</source>
        <translation>Your ID card fills it in: one form less at the window</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/MatterPage.qml" line="21"/>
        <source>所需材料</source>
        <translation>What to bring</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/MatterPage.qml" line="33"/>
        <source>办理时限</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/MatterPage.qml" line="37"/>
        <source>法定 %1 个工作日，承诺 %2 个工作日</source>
        <translation>Legal limit %1 working days, promised %2 working days</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/MatterPage.qml" line="38"/>
        <source>法定 %1 个工作日，当场办结</source>
        <translation>Legal limit %1 working days, done on the spot</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/MatterPage.qml" line="38"/>
        <source>当场办结</source>
        <translation>Done on the spot</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/MatterPage.qml" line="40"/>
        <source>收费</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/MatterPage.qml" line="42"/>
        <source>办理地点</source>
        <translation>Where</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/MatterPage.qml" line="47"/>
        <source>此事项也可在网上办理</source>
        <translation>This service can also be done online</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../../kiosk/qml/ProgressPage.qml" line="11"/>
        <source>进度查询 · 证照打印</source>
        <translation>Case progress · certificates</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ProgressPage.qml" line="28"/>
        <source>身份证阅读器暂停使用</source>
        <translation>The ID card reader is out of service</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ProgressPage.qml" line="28"/>
        <source>请将身份证放在感应区</source>
        <translation>Place your ID card on the reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ProgressPage.qml" line="33"/>
        <source>或</source>
        <translation>or</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ProgressPage.qml" line="40"/>
        <source>扫码器暂停使用</source>
        <translation>The scanner is out of service</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ProgressPage.qml" line="40"/>
        <source>扫描受理回执上的办件二维码</source>
        <translation>Scan the case QR code on your acceptance receipt</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ProgressPage.qml" line="55"/>
        <source>暂时无法查询，请稍后再试或咨询窗口</source>
        <translation>Cannot look this up just now. Please try again later or ask at a service window.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ProgressPage.qml" line="57"/>
        <source>没有查到您的办件。如有疑问，请咨询窗口工作人员。</source>
        <translation>No cases found for you. If in doubt, please ask at a service window.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ProgressPage.qml" line="61"/>
        <source>证照打印需刷申请人本人的身份证。</source>
        <translation>Printing a certificate needs the applicant&apos;s own ID card.</translation>
    </message>
</context>
<context>
    <name>RatingPage</name>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="29"/>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="30"/>
        <source>暂时无法评价</source>
        <translation>Cannot rate just now</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="31"/>
        <source>评价办件</source>
        <translation>Rate a case</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="31"/>
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="47"/>
        <source>扫码器暂停使用</source>
        <translation>The scanner is out of service</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="48"/>
        <source>请将取号凭条上的二维码对准扫码口</source>
        <translation>Hold the QR code of your queue ticket under the scanner</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="87"/>
        <source>%1 号 · %2</source>
        <translation>No. %1 · %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="92"/>
        <source>办件编号 %1</source>
        <translation>Case no. %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="93"/>
        <source>办理窗口：%1</source>
        <translation>Window: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="94"/>
        <source>办结时间：%1</source>
        <translation>Finished: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="107"/>
        <source>请选择您对本次服务的评价</source>
        <translation>How was our service?</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="135"/>
        <source>请选择不满意的原因（必选）</source>
        <translation>Please choose what went wrong (required)</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="161"/>
        <source>提交评价</source>
        <translation>Send rating</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="170"/>
        <source>您的意见已转交大厅负责人，我们会尽快联系改进。</source>
        <translation>Your feedback has gone to the hall manager; we will follow it up soon.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="171"/>
        <source>您的评价已记录，我们会继续改进服务。</source>
        <translation>Your rating is recorded. We keep improving our service.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="172"/>
        <source>暂时无法查询，请稍后再试或咨询窗口</source>
        <translation>Cannot look this up just now. Please try again later or ask at a service window.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="173"/>
        <source>这次服务已经评价过了，每次服务只能评价一次。</source>
        <translation>This service was already rated; each service can be rated once.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="174"/>
        <source>业务还没有办结，办结后再来评价吧。</source>
        <translation>This service has not finished yet; please rate it once it has.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="175"/>
        <source>这个号码没有办理业务（过号或已取消），不能评价。</source>
        <translation>This number was not served (missed or cancelled), so it cannot be rated.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="176"/>
        <source>这个号码办结已超过评价期限，不能再评价。</source>
        <translation>The time for rating this number has passed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RatingPage.qml" line="185"/>
        <source>重新扫码</source>
        <translation>Scan again</translation>
    </message>
</context>
<context>
    <name>RefusalPage</name>
    <message>
        <location filename="../../kiosk/qml/RefusalPage.qml" line="16"/>
        <source>预约签到未成功</source>
        <translation>Check-in did not work</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RefusalPage.qml" line="16"/>
        <source>暂时无法取号</source>
        <translation>No number can be issued</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RefusalPage.qml" line="21"/>
        <source>没有找到您今天的预约。您可以直接取号办理。</source>
        <translation>No appointment for you today was found. You can take an ordinary number.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RefusalPage.qml" line="23"/>
        <source>暂时无法办理，请咨询工作人员。</source>
        <translation>This cannot be done right now. Please ask the staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RefusalPage.qml" line="30"/>
        <source>直接取号</source>
        <translation>Take an ordinary number</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RefusalPage.qml" line="38"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/RefusalPage.qml" line="46"/>
        <source>选择其他事项</source>
        <translation>Choose another service</translation>
    </message>
</context>
<context>
    <name>ReprintPage</name>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="39"/>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="140"/>
        <source>补打凭条</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="51"/>
        <source>身份证阅读器暂停使用，请输入凭条上的号码</source>
        <translation>The ID card reader is out of service: please type your ticket number</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="52"/>
        <source>请将取号时用的身份证放在感应区，或输入号码</source>
        <translation>Place the ID card you took the number with on the reader, or type the number</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="71"/>
        <source>号码，如 A012</source>
        <translation>Number, e.g. A012</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="82"/>
        <source>暂时无法补打，请到服务台报号码办理</source>
        <translation>The receipt cannot be reprinted just now: please give your number at the service desk</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="124"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="124"/>
        <source>退格</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="141"/>
        <source>先选字母，再输入数字</source>
        <translation>Choose the letter, then type the digits</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="176"/>
        <source>已叫号，请到 %1 办理</source>
        <translation>Called: please go to %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="177"/>
        <source>前面还有 %1 人，预计等候约 %2 分钟</source>
        <translation>%1 people ahead of you, about %2 min wait</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="196"/>
        <source>正在补打凭条…</source>
        <translation>Reprinting the receipt…</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="197"/>
        <source>凭条仍未能打印。请到服务台报号码 %1，工作人员为您查询</source>
        <translation>The receipt still could not be printed. Please give your number %1 at the service desk; the staff will look it up</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="199"/>
        <source>请取走补打的凭条</source>
        <translation>Please take your reprinted receipt</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/ReprintPage.qml" line="207"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>StageBar</name>
    <message>
        <location filename="../../kiosk/qml/StageBar.qml" line="8"/>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/StageBar.qml" line="8"/>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/StageBar.qml" line="8"/>
        <source>批准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/StageBar.qml" line="8"/>
        <source>办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/StageBar.qml" line="45"/>
        <source>%1：已完成</source>
        <translation>%1: done</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/StageBar.qml" line="46"/>
        <source>%1：当前步骤</source>
        <translation>%1: current step</translation>
    </message>
</context>
<context>
    <name>TechPage</name>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="14"/>
        <source>身份证阅读器</source>
        <translation>ID-card reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="14"/>
        <source>小票打印机</source>
        <translation>Ticket printer</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="15"/>
        <source>扫码器</source>
        <translation>Code scanner</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="15"/>
        <source>证照打印机</source>
        <translation>Certificate printer</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="18"/>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="18"/>
        <source>需注意</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="18"/>
        <source>故障</source>
        <translation>Down</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="24"/>
        <source>设备维护</source>
        <translation>Device maintenance</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="27"/>
        <source>大厅服务器：已连接</source>
        <translation>Hall server: connected</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="27"/>
        <source>大厅服务器：未连接，正在离线取号</source>
        <translation>Hall server: not connected, issuing numbers offline</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="32"/>
        <source>待上传 %1 条，上传失败 %2 条</source>
        <translation>%1 waiting to upload, %2 failed</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="65"/>
        <source>测试中…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="65"/>
        <source>自检</source>
        <translation>Self-test</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="82"/>
        <source>退出全屏</source>
        <translation>Leave full screen</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPage.qml" line="89"/>
        <source>返回首页</source>
        <translation>Start over</translation>
    </message>
</context>
<context>
    <name>TechPinPage</name>
    <message>
        <location filename="../../kiosk/qml/TechPinPage.qml" line="10"/>
        <source>设备维护</source>
        <translation>Device maintenance</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPinPage.qml" line="13"/>
        <source>已输入 %1 位</source>
        <translation>%1 digits entered</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPinPage.qml" line="15"/>
        <source>请输入维护密码</source>
        <translation>Enter the technician PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPinPage.qml" line="22"/>
        <source>密码错误</source>
        <translation>Wrong PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPinPage.qml" line="23"/>
        <source>密码错误次数过多，请 %1 分钟后再试</source>
        <translation>Too many wrong PINs: try again in %1 min</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPinPage.qml" line="24"/>
        <source>本机未设置维护密码</source>
        <translation>No technician PIN is set on this kiosk</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPinPage.qml" line="37"/>
        <source>数字 %1</source>
        <translation>Digit %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPinPage.qml" line="40"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPinPage.qml" line="40"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TechPinPage.qml" line="54"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>TicketPage</name>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="30"/>
        <source>您的号码 %1</source>
        <translation>Your number %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="43"/>
        <source>前面约有 %1 人（估计），请留意大厅叫号屏</source>
        <translation>About %1 people ahead (estimate); please watch the hall&apos;s call screen</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="47"/>
        <source>前面还有 %1 人，预计等候约 %2 分钟</source>
        <translation>%1 people ahead of you, about %2 min wait</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="50"/>
        <source>前面没有人，即将叫号，请留意大厅叫号屏</source>
        <translation>Nobody ahead of you: you will be called soon, please watch the hall screen</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="51"/>
        <source>前面还有 %1 人，预计等候 约 %2–%3 分钟</source>
        <translation>%1 people ahead of you. Expected wait about %2–%3 min</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="51"/>
        <source>您已进入绿色通道，将优先叫号</source>
        <translation>Green channel: you will be called first</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="54"/>
        <source>预约号：在预约时段内优先叫号</source>
        <translation>Appointment: you are called first within your slot</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="78"/>
        <source>附近大厅更快</source>
        <translation>Faster at a hall nearby</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="87"/>
        <source>%1 现在约等 %2 分钟（路程约 %3 分钟）</source>
        <translation>%1: about %2 min wait now (%3 min away)</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="89"/>
        <source>%1 现在无需等候（路程约 %2 分钟）</source>
        <translation>%1: no wait now (%2 min away)</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="70"/>
        <source>正在打印小票…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="71"/>
        <source>请取走下方出票口的小票</source>
        <translation>Please take your ticket from the slot below</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="72"/>
        <source>凭条未能打印。请到其他自助终端或服务台，刷身份证或报号码 %1 补打凭条</source>
        <translation>The receipt could not be printed. At another kiosk or at the service desk, show your ID card or give your number %1 to get it reprinted</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="93"/>
        <source>用手机扫码，随时查看叫号进度</source>
        <translation>Scan with your phone to follow your number</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="93"/>
        <source>有手机的，也可扫码随时查看叫号进度</source>
        <translation>With a phone, you can also scan to follow the queue</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="101"/>
        <source>请取走您的身份证</source>
        <translation>Please take your ID card</translation>
    </message>
    <message>
        <location filename="../../kiosk/qml/TicketPage.qml" line="107"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>VoiceGuide</name>
    <message>
        <location filename="../../kiosk/voice.py" line="37"/>
        <source>首页。请选择要办理的业务</source>
        <translation>Home. Please choose a service</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="38"/>
        <source>取号。请选择要办理的事项</source>
        <translation>Take a number. Please choose a service</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="39"/>
        <source>请刷身份证。没有证件的事项，可以选择无证件取号</source>
        <translation>Please place your ID card on the reader. For a service that needs no ID, you may take a number without one</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="40"/>
        <source>正在为您办理，请稍候</source>
        <translation>One moment, please</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="41"/>
        <source>未能办理</source>
        <translation>This could not be done</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="42"/>
        <source>预约签到。请扫描预约二维码，或刷身份证</source>
        <translation>Appointment check-in. Please scan your appointment QR code, or place your ID card on the reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="43"/>
        <source>找到您今天的预约</source>
        <translation>Your appointment today</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="44"/>
        <source>办事指南。请输入事项名称搜索，或从列表中选择</source>
        <translation>Service guide. Type a service's name to search, or choose from the list</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="45"/>
        <source>事项详情</source>
        <translation>Service details</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="46"/>
        <source>进度查询。请刷身份证或扫描办件二维码</source>
        <translation>Case progress. Please place your ID card on the reader, or scan your case's QR code</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="47"/>
        <source>您的办件</source>
        <translation>Your cases</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="48"/>
        <source>证照打印</source>
        <translation>Certificate printing</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="49"/>
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="59"/>
        <source>您的号码是 %1，%2。前面还有 %3 人，预计等候约 %4 分钟。叫到您的号码时，请到叫号屏显示的窗口办理</source>
        <translation>Your number is %1, %2. %3 people are ahead of you; the wait is about %4 minutes. When your number is called, go to the window the call screen shows</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="64"/>
        <source>绿色通道，优先叫号</source>
        <translation>Green channel: you are called first</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="64"/>
        <source>。</source>
        <translation>. </translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="138"/>
        <source>语音播报已关闭</source>
        <translation>Voice guidance off</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="146"/>
        <source>语音播报已开启。点按一次朗读，再点按一次选择；也可以用方向键和确认键</source>
        <translation>Voice guidance on. Touch a choice once to hear it, and again to choose it; or use the arrow keys and Enter</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="162"/>
        <source>长按三秒关闭语音播报</source>
        <translation>Hold for three seconds to turn voice guidance off</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="162"/>
        <source>长按三秒开启语音播报</source>
        <translation>Hold for three seconds to turn voice guidance on</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="174"/>
        <source>可选择：%1</source>
        <translation>Choices: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="174"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="190"/>
        <source>%1。再点按一次选择</source>
        <translation>%1. Touch again to choose</translation>
    </message>
    <message>
        <location filename="../../kiosk/voice.py" line="219"/>
        <source>%1。按确认键选择</source>
        <translation>%1. Press Enter to choose</translation>
    </message>
</context>
<context>
    <name>FormPage</name>
    <message>
        <source>在线预填表单：%1</source>
        <translation>Fill the form now: %1</translation>
    </message>
    <message>
        <source>标有“读自身份证”的项目不能修改；其余请填写，带 * 的必须填写</source>
        <translation>Fields marked “from your ID card” cannot be changed; fill in the rest (* is required)</translation>
    </message>
    <message>
        <source>（读自身份证）</source>
        <translation> (from your ID card)</translation>
    </message>
    <message>
        <source>手机号码，或区号-电话号码</source>
        <translation>Mobile number, or area code-number</translation>
    </message>
    <message>
        <source>年-月-日，如 1980-01-31</source>
        <translation>Year-month-day, e.g. 1980-01-31</translation>
    </message>
    <message>
        <source>请确认您已带齐：</source>
        <translation>Please check you have brought:</translation>
    </message>
    <message>
        <source>已带</source>
        <translation>I have it</translation>
    </message>
    <message>
        <source>没带</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>可容缺受理：</source>
        <translation>Can be accepted with this missing: </translation>
    </message>
    <message>
        <source>缺少材料时窗口可能无法受理，请备齐后再来；您也可以先取号咨询</source>
        <translation>Without every material the window may not be able to accept your application: please come back with all of them, or take a number to ask</translation>
    </message>
    <message>
        <source>请逐项选择“已带”或“没带”</source>
        <translation>Please answer “I have it” or “Missing” for each one</translation>
    </message>
    <message>
        <source>确认并取号</source>
        <translation>Confirm and take a number</translation>
    </message>
</context>
</TS>
