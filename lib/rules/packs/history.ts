/**
 * Every generation of built-in rules the extension has shipped, oldest first: for each
 * rule id the fingerprint (./fingerprint.ts) of the record as it was stored. The upgrade
 * (lib/db/repos/seed.ts) uses them to tell a built-in rule nobody touched, which it may
 * replace with the new version, from one the team edited, which it leaves alone.
 *
 * When a pack changes, append a generation (the packs test fails and prints it); never
 * edit an old one. Data only.
 */
export const SHIPPED_RULE_GENERATIONS: readonly { readonly version: number; readonly rules: Readonly<Record<string, string>> }[] = [
  {
    // The first rules (d7d0cb9): strong and weak advertising rules per language.
    version: 1,
    rules: {
      'zh-ad-strong': '02667869-52b',
      'zh-ad-weak': 'ccfb4654-396',
      'zh-insult': '79d16272-442',
      'en-ad-strong': '735bb745-689',
      'en-ad-weak': '58b7f730-3d0',
      'en-insult': '908bc346-4d7',
      'contact-details': '3b7c0291-273',
      'new-member-contact': '085627b7-2b8',
      'links': '94babca5-233',
      'new-member-links': '7b369ebb-284',
      'flood': '602b93a6-276',
      'spam-shape': 'ace5fc14-27d',
      'repeat': '8c853aa8-283',
    },
  },
  {
    // Lexicon packs from obscenity and naughty-words, scored advertising (cd54fb7).
    version: 2,
    rules: {
      'zh-ad': '28ff8aa4-3736',
      'zh-insult': '70dea7f2-9cd',
      'en-ad': 'b411469a-3a29',
      'en-insult': '8765f659-998',
      'en-profanity': '05fa43a5-b32',
      'contact-details': '4b83c173-296',
      'new-member-contact': 'b17494fd-2db',
      'links': 'd937d4cf-256',
      'new-member-links': '0d365249-2a7',
      'flood': '1f92267e-299',
      'spam-shape': 'b326416a-2a0',
      'repeat': '05151314-2a6',
    },
  },
  {
    // Broader Chinese spam families and insults, the ad_shape detector (157b823).
    version: 3,
    rules: {
      'zh-ad': '9e3d0325-6b92',
      'zh-insult': 'a2f30a4f-c2d',
      'en-ad': 'b411469a-3a29',
      'en-insult': '8765f659-998',
      'en-profanity': '05fa43a5-b32',
      'contact-details': '4b83c173-296',
      'new-member-contact': 'b17494fd-2db',
      'links': 'd937d4cf-256',
      'new-member-links': '0d365249-2a7',
      'flood': '1f92267e-299',
      'spam-shape': 'b326416a-2a0',
      'repeat': '05151314-2a6',
    },
  },
  {
    // Private first by default: built-in ad and insult rules remind before warning (c6aa9b0).
    version: 4,
    rules: {
      'zh-ad': '43f8cbc3-3738',
      'zh-insult': 'cd509465-9cf',
      'en-ad': '11289b4b-3a2b',
      'en-insult': 'c038d1a0-99a',
      'en-profanity': '44755542-b34',
      'contact-details': '4b83c173-296',
      'new-member-contact': 'b17494fd-2db',
      'links': 'd937d4cf-256',
      'new-member-links': '0d365249-2a7',
      'flood': '1f92267e-299',
      'spam-shape': 'b326416a-2a0',
      'repeat': '05151314-2a6',
    },
  },
  {
    // Both of the above together (859bb41).
    version: 5,
    rules: {
      'zh-ad': '6e070c66-6b94',
      'zh-insult': '36816394-c2f',
      'en-ad': '11289b4b-3a2b',
      'en-insult': 'c038d1a0-99a',
      'en-profanity': '44755542-b34',
      'contact-details': '4b83c173-296',
      'new-member-contact': 'b17494fd-2db',
      'links': 'd937d4cf-256',
      'new-member-links': '0d365249-2a7',
      'flood': '1f92267e-299',
      'spam-shape': 'b326416a-2a0',
      'repeat': '05151314-2a6',
    },
  },
  {
    // No weighted phrase listed twice (issue 10).
    version: 6,
    rules: {
      'zh-ad': '0e8a1a41-68ee',
      'zh-insult': '36816394-c2f',
      'en-ad': '11289b4b-3a2b',
      'en-insult': 'c038d1a0-99a',
      'en-profanity': '44755542-b34',
      'contact-details': '4b83c173-296',
      'new-member-contact': 'b17494fd-2db',
      'links': 'd937d4cf-256',
      'new-member-links': '0d365249-2a7',
      'flood': '1f92267e-299',
      'spam-shape': 'b326416a-2a0',
      'repeat': '05151314-2a6',
    },
  },
  {
    // Context weights (new domain, repetition across groups, new member) on the ad rules.
    version: 7,
    rules: {
      'zh-ad': '3d3d1285-6930',
      'zh-insult': '8237d722-c43',
      'en-ad': 'ff1295e0-3a6d',
      'en-insult': '486436be-9ae',
      'en-profanity': 'b6155ef4-b48',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // Mild profanity counts as an insult only when aimed at someone (en-aimed-insult); the
    // English money pattern runs on its verb, not on every "$"; Chinese questions about
    // one's own reward, "我妈的" allowed.
    version: 8,
    rules: {
      'zh-ad': '4f3917de-6fd4',
      'zh-insult': 'f555d821-c5b',
      'en-ad': 'da201343-3a76',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // Chinese insults aimed at someone: 傻, 笨, 屁事 … with 你 close by (zh-aimed-insult).
    version: 9,
    rules: {
      'zh-ad': '4f3917de-6fd4',
      'zh-insult': 'f555d821-c5b',
      'zh-aimed-insult': '070c61c9-538',
      'en-ad': 'da201343-3a76',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // English job-scam offers: 'part-time job(s)' adds to the ad score (spaced and hyphenated).
    version: 10,
    rules: {
      'zh-ad': '4f3917de-6fd4',
      'zh-insult': 'f555d821-c5b',
      'zh-aimed-insult': '070c61c9-538',
      'en-ad': '801a9bb3-3b1c',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // English customer questions about the group's own offers ('How do I claim…', 'still valid') lower the ad score.
    version: 11,
    rules: {
      'zh-ad': '4f3917de-6fd4',
      'zh-insult': 'f555d821-c5b',
      'zh-aimed-insult': '070c61c9-538',
      'en-ad': 'aa769dc1-4495',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // Gambling (Macau casinos' online sites, deposit bonuses), stock tips (内参, 金股),
    // 代购 as a word that needs company, question forms ("是不是骗子", "会不会是假的"), and
    // English phishing (parcels that "could not be delivered", tax refunds, suspended accounts),
    // UK premium-rate numbers, keywords in capitals to send back, "text GO to: 69988".
    version: 12,
    rules: {
      'zh-ad': '4f3917de-6fd4',
      'zh-insult': 'f555d821-c5b',
      'zh-aimed-insult': '070c61c9-538',
      'en-ad': 'aa769dc1-4495',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // Account renting (出租支付宝), 公积金提取 as a word that needs company, customers asking how
    // to take part ("有奖励吗", "需要什么材料"), English phishing notices ("final notice",
    // "avoid a fine"), crypto signal channels, "winner" alone weaker.
    version: 13,
    rules: {
      'zh-ad': '6f66ab2e-7320',
      'zh-insult': 'f555d821-c5b',
      'zh-aimed-insult': '070c61c9-538',
      'en-ad': '795358fd-4674',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // English carrier fee notices ("a fee of £1.99 is due for your parcel", Royal Mail, Evri, USPS).
    version: 14,
    rules: {
      'zh-ad': '6f66ab2e-7320',
      'zh-insult': 'f555d821-c5b',
      'zh-aimed-insult': '070c61c9-538',
      'en-ad': '0048ef63-476a',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // A customer asking whether a post is the company's own ("是你们公司…的吗", "是不是你们").
    version: 15,
    rules: {
      'zh-ad': '901af2c2-7364',
      'zh-insult': 'f555d821-c5b',
      'zh-aimed-insult': '070c61c9-538',
      'en-ad': '0048ef63-476a',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // More Chinese insults (有大病, 你丫, cnmb, wdnmd, 给爷爬, 瓜皮, 龟孙, Cantonese 顶你个肺, "傻 B"),
    // 有毛病 and 眼瞎 only when aimed at someone ("这个手机有毛病吗" is a question about a phone).
    version: 16,
    rules: {
      'zh-ad': '901af2c2-7364',
      'zh-insult': '513d5788-d2e',
      'zh-aimed-insult': '78cd2651-583',
      'en-ad': '0048ef63-476a',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // English notices: failed payments, deliveries to confirm, extended warranties, "saw your profile".
    version: 17,
    rules: {
      'zh-ad': '901af2c2-7364',
      'zh-insult': '513d5788-d2e',
      'zh-aimed-insult': '78cd2651-583',
      'en-ad': '24803469-48f7',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // Dating (婚恋, 单身男女), franchise (加盟, 零经验), game gold and gold buy-back ads.
    version: 18,
    rules: {
      'zh-ad': 'b180e420-74b0',
      'zh-insult': '513d5788-d2e',
      'zh-aimed-insult': '78cd2651-583',
      'en-ad': '24803469-48f7',
      'en-insult': '3101971f-90c',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': '1835c707-9de',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // Phrases in a sentence that asks count half in zh-ad (askedShare); accounts, numbers and
    // certificates for sale, reports of someone else's spam; insults by shape (你个…, 你是猪吧),
    // spelled pinyin and 逼/比 compounds; English masked swears (f***), a-hole, phishing "locked".
    version: 19,
    rules: {
      'zh-ad': 'eeb7ce91-7845',
      'zh-insult': 'f87cd1cf-2ac5',
      'zh-aimed-insult': 'fee8b13f-597',
      'en-ad': '54f21f70-4a89',
      'en-insult': '38b7289a-9c6',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': 'c5052840-a07',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'cc9f5ba5-26a',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // Offer shapes spelled out (ZH_FAMILIES.adShapes: 利息超低, 当天出额度, 内部通道, 注册立得 …);
    // a lone phrase lighter than 3 needs a second signal (soloWeight); task-scam job titles. The
    // links rule stays quiet when the member asks whether the link is real (quietWhenAsked).
    // English: shop now, free spins, signals groups; "f urself".
    version: 20,
    rules: {
      'zh-ad': '7ddb846a-e23f',
      'zh-insult': 'f87cd1cf-2ac5',
      'zh-aimed-insult': 'fee8b13f-597',
      'en-ad': '44adad7a-4c19',
      'en-insult': '8a090c31-a07',
      'en-profanity': '37fd2b18-b21',
      'en-aimed-insult': 'c5052840-a07',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'b562287b-280',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // English allow-list: ordinary words a scan of npm word-list 4.1.0 found flagged (rapeseed,
    // dickering, cocksure, bastardised …; scripts/scan-word-list.ts).
    version: 21,
    rules: {
      'zh-ad': '7ddb846a-e23f',
      'zh-insult': 'f87cd1cf-2ac5',
      'zh-aimed-insult': 'fee8b13f-597',
      'en-ad': '44adad7a-4c19',
      'en-insult': '09eda74e-ccc',
      'en-profanity': 'c415c1bb-de6',
      'en-aimed-insult': '3367d207-ccc',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'b562287b-280',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // zh-ad: soloWeight 2.5 (3 cost recall on fresh ads); 上门回收 needs company; a result promised
    // in a time (一个月长高), a trader's lot (出一批), 价格可议, 抢红包, 增高.
    version: 22,
    rules: {
      'zh-ad': '18bf0845-ed0a',
      'zh-insult': 'f87cd1cf-2ac5',
      'zh-aimed-insult': 'fee8b13f-597',
      'en-ad': '44adad7a-4c19',
      'en-insult': '09eda74e-ccc',
      'en-profanity': 'c415c1bb-de6',
      'en-aimed-insult': '3367d207-ccc',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'b562287b-280',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // zh-ad: the learned ad-likeness signal (detector ad_model, lib/rules/ad-model.ts), consulted
    // beside the words when they leave a message below the threshold.
    version: 23,
    rules: {
      'zh-ad': '66c2d3b2-ed22',
      'zh-insult': 'f87cd1cf-2ac5',
      'zh-aimed-insult': 'fee8b13f-597',
      'en-ad': '44adad7a-4c19',
      'en-insult': '09eda74e-ccc',
      'en-profanity': 'c415c1bb-de6',
      'en-aimed-insult': '3367d207-ccc',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'b562287b-280',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // en-ad: English offer shapes (detector ad_shape_en: a seller's opening, a call to a private
    // channel with its purpose, a price pitch, a result promised in numbers), and warnings that
    // quote a scam ("got a text saying …, it's a scam, don't fall for it") count as questions.
    version: 24,
    rules: {
      'zh-ad': '66c2d3b2-ed22',
      'zh-insult': 'f87cd1cf-2ac5',
      'zh-aimed-insult': 'fee8b13f-597',
      'en-ad': '70ee91f6-5286',
      'en-insult': '09eda74e-ccc',
      'en-profanity': 'c415c1bb-de6',
      'en-aimed-insult': '3367d207-ccc',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'b562287b-280',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // zh-ad: what slimming and health products claim (health_claims: 掉秤, 不反弹, 纯中药, 亲测有效 …),
    // and a result promised in a time with 就/能 between ("三天就掉秤", "一个疗程瘦十斤").
    version: 25,
    rules: {
      'zh-ad': '60d43330-13ed9',
      'zh-insult': 'f87cd1cf-2ac5',
      'zh-aimed-insult': 'fee8b13f-597',
      'en-ad': '70ee91f6-5286',
      'en-insult': '09eda74e-ccc',
      'en-profanity': 'c415c1bb-de6',
      'en-aimed-insult': '3367d207-ccc',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'b562287b-280',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // zh-ad: the result-in-a-time shape spelled out with fewer words (270 phrases instead of
    // 648, the same figures on every set): the keyword automaton stays small for bench:rules.
    version: 26,
    rules: {
      'zh-ad': 'd0082bb7-105cd',
      'zh-insult': 'f87cd1cf-2ac5',
      'zh-aimed-insult': 'fee8b13f-597',
      'en-ad': '70ee91f6-5286',
      'en-insult': '09eda74e-ccc',
      'en-profanity': 'c415c1bb-de6',
      'en-aimed-insult': '3367d207-ccc',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'b562287b-280',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
  {
    // en-ad: the learned English ad-likeness signal (detector ad_model_en, a logistic regression
    // over words, word pairs and the message's shape; lib/rules/ad-model.ts), graded so that only
    // a confident opinion fires alone; left out where a question or warning cue counted.
    version: 27,
    rules: {
      'zh-ad': 'd0082bb7-105cd',
      'zh-insult': 'f87cd1cf-2ac5',
      'zh-aimed-insult': 'fee8b13f-597',
      'en-ad': '54667311-52a4',
      'en-insult': '09eda74e-ccc',
      'en-profanity': 'c415c1bb-de6',
      'en-aimed-insult': '3367d207-ccc',
      'contact-details': '2ec31e31-2aa',
      'new-member-contact': 'fa823fdb-2ef',
      'links': 'b562287b-280',
      'new-member-links': 'd095982f-2bb',
      'flood': 'a287379c-2ad',
      'spam-shape': 'a77ff1d8-2b4',
      'repeat': '97d27bda-2ba',
    },
  },
];

/**
 * Built-in rules that left the packs, and the rule that took over their job. An untouched
 * retired rule is removed when its successor arrives (if it was switched off, the successor
 * arrives switched off too); an edited one stays, it is the team's now.
 */
export const RETIRED_RULE_SUCCESSORS: Readonly<Record<string, string>> = {
  'zh-ad-strong': 'zh-ad',
  'zh-ad-weak': 'zh-ad',
  'en-ad-strong': 'en-ad',
  'en-ad-weak': 'en-ad',
};
