"""Generate loaders/refdata/states.yaml from ISO 3166-1 / CLDR + hand-written tables.

The generated YAML is committed; this script only needs re-running when the
tables below change.  It needs pycountry, babel and pyyaml, which are NOT
dependencies of Foedus, so use a throw-away venv:

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install pycountry babel pyyaml
    /tmp/refvenv/bin/python tools/refdata/build_states.py      # from the repo root

Sources:
  * ISO 3166-1 alpha-2 codes and English official names: pycountry (iso-codes).
  * Short country names in en/fr/ar: Unicode CLDR, read through babel.
  * Wikidata QIDs of states and capitals, name variants, demonyms/adjectives
    (en, fr, ar nisba), French compound prefixes and capital names: written by
    hand from general knowledge of Wikidata / ISO / standard usage (tables below).

places.yaml is hand-maintained (not generated).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pycountry
import yaml
from babel import Locale

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "loaders" / "refdata" / "states.yaml"

# ---------------------------------------------------------------------------
# Hand-written table.  One state per line, fields separated by "|":
#   iso2 | qid | en extra names | fr extra names | ar extra names |
#   en adjectives | fr adjectives | fr compound prefixes | ar nisba (masc) |
#   capital qid | capital en | capital fr | capital ar
# Lists inside a field are separated by ";".
# fr adjectives: masculine singular, inflected automatically; an entry
#   "a/b/c/d" gives the four forms (m.sg/f.sg/m.pl/f.pl) explicitly.
# ar nisba: masculine singular without ال; the feminine is derived by adding
#   ة to every word ending in ي ("كوري شمالي" -> "كورية شمالية").
# ---------------------------------------------------------------------------
TABLE = r"""
AF|Q889|Islamic Emirate of Afghanistan||جمهورية أفغانستان الإسلامية;إمارة أفغانستان الإسلامية|Afghan|afghan|afghano|أفغاني|Q5838|Kabul|Kaboul|كابل
AL|Q222|||جمهورية ألبانيا|Albanian|albanais|albano|ألباني|Q19689|Tirana;Tirane|Tirana|تيرانا
DZ|Q262|People's Democratic Republic of Algeria|République algérienne démocratique et populaire;République algérienne|الجمهورية الجزائرية الديمقراطية الشعبية;الجمهورية الجزائرية|Algerian|algérien|algéro|جزائري|Q3561|Algiers|Alger|الجزائر العاصمة
AD|Q228||Principauté d'Andorre|إمارة أندورا|Andorran|andorran||أندوري|Q1863|Andorra la Vella|Andorre-la-Vieille|أندورا لا فيلا
AO|Q916|||جمهورية أنغولا;انغولا|Angolan|angolais||أنغولي|Q3897|Luanda|Luanda|لواندا
AG|Q781|Antigua||أنتيغوا|Antiguan|antiguais||أنتيغوي|Q36262|St. John's;Saint John's|Saint John's|سانت جونز
AR|Q414|Argentine Republic|République argentine|جمهورية الأرجنتين|Argentine;Argentinian|argentin|argentino|أرجنتيني|Q1486|Buenos Aires|Buenos Aires|بوينس آيرس;بوينس أيرس
AM|Q399|||جمهورية أرمينيا;أرمينيا|Armenian|arménien|arméno|أرميني;أرمني|Q1953|Yerevan;Erevan|Erevan|يريفان
AU|Q408|Commonwealth of Australia||أستراليا;استراليا|Australian|australien||أسترالي;استرالي|Q3114|Canberra|Canberra|كانبرا
AT|Q40|Republic of Austria|République d'Autriche|جمهورية النمسا|Austrian|autrichien|austro|نمساوي|Q1741|Vienna|Vienne|فيينا
AZ|Q227|Republic of Azerbaijan|République d'Azerbaïdjan|جمهورية أذربيجان|Azerbaijani;Azeri|azerbaïdjanais;azéri|azéro|أذربيجاني;أذري|Q9248|Baku|Bakou|باكو
BS|Q778|The Bahamas;Commonwealth of The Bahamas|||Bahamian|bahaméen||باهامي|Q2467|Nassau|Nassau|ناساو
BH|Q398|Kingdom of Bahrain|Royaume de Bahreïn;Bahrein|مملكة البحرين|Bahraini|bahreïnien;bahreïni/bahreïnie/bahreïnis/bahreïnies||بحريني|Q3882|Manama|Manama|المنامة
BD|Q902|People's Republic of Bangladesh||بنغلاديش;بنجلاديش|Bangladeshi|bangladais;bangladeshi/bangladeshie/bangladeshis/bangladeshies||بنغلاديشي|Q1354|Dhaka;Dacca|Dacca;Dhaka|دكا
BB|Q244||||Barbadian;Bajan|barbadien||بربادوسي|Q36168|Bridgetown|Bridgetown|بريدج تاون
BY|Q184|Republic of Belarus;Byelorussia|Bélarus;Biélorussie;République de Biélorussie|روسيا البيضاء;بيلاروس;جمهورية بيلاروس|Belarusian;Belarussian|biélorusse|biélorusso|بيلاروسي|Q2280|Minsk|Minsk|مينسك
BE|Q31|Kingdom of Belgium|Royaume de Belgique|مملكة بلجيكا|Belgian|belge|belgo|بلجيكي|Q239|Brussels|Bruxelles|بروكسل
BZ|Q242||||Belizean|bélizien||بليزي|Q3043|Belmopan|Belmopan|بلموبان
BJ|Q962|Republic of Benin|République du Bénin|جمهورية بنين|Beninese|béninois|bénino|بنيني|Q3799|Porto-Novo|Porto-Novo|بورتو نوفو
BT|Q917|Kingdom of Bhutan|Royaume du Bhoutan|مملكة بوتان|Bhutanese|bhoutanais||بوتاني|Q9270|Thimphu|Thimphou|تيمفو
BO|Q750|Plurinational State of Bolivia|État plurinational de Bolivie|دولة بوليفيا المتعددة القوميات|Bolivian|bolivien||بوليفي|Q2907|Sucre|Sucre|سوكري
BA|Q225|Bosnia;Bosnia-Herzegovina|Bosnie|البوسنة|Bosnian|bosnien;bosniaque|bosno|بوسني|Q11194|Sarajevo|Sarajevo|سراييفو;سارييفو
BW|Q963|Republic of Botswana|République du Botswana|جمهورية بوتسوانا|Botswanan;Motswana|botswanais||بوتسواني|Q3919|Gaborone|Gaborone|غابورون
BR|Q155|Federative Republic of Brazil|République fédérative du Brésil|جمهورية البرازيل الاتحادية|Brazilian|brésilien|brésilo|برازيلي|Q2844|Brasília;Brasilia|Brasilia;Brasília|برازيليا
BN|Q921|Brunei Darussalam|Brunei Darussalam;Brunéi|بروناي دار السلام;سلطنة بروناي|Bruneian|brunéien||بروناوي;بروني|Q9279|Bandar Seri Begawan|Bandar Seri Begawan|بندر سري بكاوان;بندر سيري بيغاوان
BG|Q219|Republic of Bulgaria|République de Bulgarie|جمهورية بلغاريا|Bulgarian|bulgare|bulgaro|بلغاري|Q472|Sofia|Sofia|صوفيا
BF|Q965||Burkina|بوركينا|Burkinabe;Burkinabè|burkinabè/burkinabè/burkinabè/burkinabè;burkinabé/burkinabée/burkinabés/burkinabées||بوركينابي;بوركيني|Q3777|Ouagadougou|Ouagadougou|واغادوغو;واغادوغو
BI|Q967|Republic of Burundi|République du Burundi|جمهورية بوروندي|Burundian|burundais||بوروندي|Q167551|Gitega|Gitega|جيتيغا
KH|Q424|Kingdom of Cambodia|Royaume du Cambodge|مملكة كمبوديا|Cambodian;Khmer|cambodgien;khmer/khmère/khmers/khmères||كمبودي|Q1850|Phnom Penh|Phnom Penh|بنوم بنه
CM|Q1009|Republic of Cameroon|République du Cameroun|جمهورية الكاميرون|Cameroonian|camerounais|camerouno|كاميروني|Q3808|Yaoundé;Yaounde|Yaoundé|ياوندي
CA|Q16||||Canadian|canadien|canado|كندي|Q1930|Ottawa|Ottawa|أوتاوا;اوتاوا
CV|Q1011|Cabo Verde;Republic of Cabo Verde|Cabo Verde;Cap Vert|كابو فيردي|Cape Verdean;Cabo Verdean|cap-verdien||رأس أخضري|Q3751|Praia|Praia|برايا
CF|Q929|CAR|Centrafrique;RCA|أفريقيا الوسطى;إفريقيا الوسطى;جمهورية إفريقيا الوسطى|Central African|centrafricain|centrafricano|أفريقي أوسطي|Q3832|Bangui|Bangui|بانغي
TD|Q657|Republic of Chad|République du Tchad|جمهورية تشاد|Chadian|tchadien|tchado|تشادي|Q3659|N'Djamena;Ndjamena|N'Djamena;Ndjamena|نجامينا;انجامينا
CL|Q298|Republic of Chile|République du Chili|جمهورية تشيلي;شيلي|Chilean|chilien|chiléno|تشيلي;شيلي|Q2887|Santiago;Santiago de Chile|Santiago;Santiago du Chili|سانتياغو
CN|Q148|PRC;People's Republic of China;Mainland China|République populaire de Chine;RPC;Chine populaire|جمهورية الصين الشعبية;الصين الشعبية|Chinese|chinois|sino|صيني|Q956|Beijing;Peking|Pékin;Beijing|بكين;بيجين
CO|Q739|Republic of Colombia|République de Colombie|جمهورية كولومبيا|Colombian|colombien|colombo|كولومبي|Q2841|Bogotá;Bogota|Bogota;Bogotá|بوغوتا
KM|Q970|Union of the Comoros;Comoro Islands|Union des Comores|جزر القمر;جمهورية القمر المتحدة|Comorian|comorien||قمري|Q3901|Moroni|Moroni|موروني
CG|Q971|Republic of the Congo;Congo;Congo-Brazzaville;Congo Brazzaville;Congo Republic|République du Congo;Congo;Congo-Brazzaville|جمهورية الكونغو;الكونغو;الكونغو برازافيل;الكونغو-برازافيل|||||Q3844|Brazzaville|Brazzaville|برازافيل
CD|Q974|Democratic Republic of the Congo;DR Congo;DRC;Congo-Kinshasa;Congo Kinshasa|République démocratique du Congo;RDC;RD Congo;Congo-Kinshasa|جمهورية الكونغو الديمقراطية;الكونغو الديمقراطية;الكونغو كينشاسا|Congolese|congolais||كونغولي|Q3838|Kinshasa|Kinshasa|كينشاسا
CR|Q800|Republic of Costa Rica|République du Costa Rica|جمهورية كوستاريكا;كوستا ريكا|Costa Rican|costaricien;costaricain||كوستاريكي|Q3070|San José|San José|سان خوسيه
CI|Q1008|Ivory Coast;Cote d'Ivoire;Republic of Côte d'Ivoire|République de Côte d'Ivoire;Cote d'Ivoire;Côte-d'Ivoire|كوت ديفوار;الكوت ديفوار;جمهورية كوت ديفوار|Ivorian|ivoirien|ivoiro|إيفواري|Q3768|Yamoussoukro|Yamoussoukro|ياموسوكرو
HR|Q224|Republic of Croatia|République de Croatie|جمهورية كرواتيا|Croatian;Croat|croate|croato|كرواتي|Q1435|Zagreb|Zagreb|زغرب
CU|Q241|Republic of Cuba|République de Cuba|جمهورية كوبا|Cuban|cubain|cubano|كوبي|Q1563|Havana|La Havane|هافانا
CY|Q229|Republic of Cyprus|République de Chypre|جمهورية قبرص|Cypriot|chypriote;cypriote|chypro|قبرصي|Q3856|Nicosia|Nicosie|نيقوسيا
CZ|Q213|Czechia;Czech Republic|République tchèque;Tchéquie|جمهورية التشيك;تشيكيا;التشيك|Czech|tchèque|tchéco|تشيكي|Q1085|Prague|Prague|براغ
DK|Q35|Kingdom of Denmark|Royaume du Danemark|الدنمارك;مملكة الدنمارك;الدانمارك|Danish;Dane|danois|dano|دنماركي;دانماركي|Q1748|Copenhagen|Copenhague|كوبنهاغن;كوبنهاجن
DJ|Q977|Republic of Djibouti|République de Djibouti|جمهورية جيبوتي|Djiboutian|djiboutien|djibouto|جيبوتي|Q3604|Djibouti City|Djibouti-ville|مدينة جيبوتي
DM|Q784|Commonwealth of Dominica|Dominica|كومنولث دومينيكا||dominiquais||دومينيكي|Q36281|Roseau|Roseau|روسو
DO|Q786||||Dominican|dominicain||دومينيكاني|Q34820|Santo Domingo|Saint-Domingue|سانتو دومينغو
EC|Q736|Republic of Ecuador|République de l'Équateur|جمهورية الإكوادور|Ecuadorian|équatorien||إكوادوري|Q2900|Quito|Quito|كيتو
EG|Q79|Arab Republic of Egypt|République arabe d'Égypte;Egypte|جمهورية مصر العربية;مصر العربية|Egyptian|égyptien|égypto|مصري|Q85|Cairo|Le Caire;Caire|القاهرة
SV|Q792|Republic of El Salvador|Salvador;République du Salvador|السلفادور;جمهورية السلفادور|Salvadoran;Salvadorian|salvadorien||سلفادوري|Q3110|San Salvador|San Salvador|سان سلفادور
GQ|Q983|Republic of Equatorial Guinea|République de Guinée équatoriale|جمهورية غينيا الاستوائية|Equatorial Guinean;Equatoguinean|équato-guinéen||غيني استوائي|Q3818|Malabo|Malabo|مالابو
ER|Q986|State of Eritrea|État d'Érythrée;Erythrée|دولة إريتريا;ارتيريا;أريتريا|Eritrean|érythréen|érythréo|إريتري;ارتيري|Q3642|Asmara|Asmara|أسمرة
EE|Q191|Republic of Estonia|République d'Estonie|جمهورية إستونيا|Estonian|estonien|estono|إستوني|Q1770|Tallinn|Tallinn|تالين
SZ|Q1050|Swaziland;Kingdom of Eswatini|Swaziland;Royaume d'Eswatini|سوازيلاند;إسواتيني;مملكة إسواتيني|Swazi;Emaswati|swazi||سوازيلاندي||Mbabane|Mbabane|مباباني
ET|Q115|Federal Democratic Republic of Ethiopia|République fédérale démocratique d'Éthiopie;Ethiopie|جمهورية إثيوبيا الديمقراطية الاتحادية;أثيوبيا|Ethiopian|éthiopien|éthiopo|إثيوبي;أثيوبي|Q3624|Addis Ababa|Addis-Abeba;Addis Abeba|أديس أبابا
FJ|Q712|Republic of Fiji|République des Fidji;Fidji|جمهورية فيجي;جزر فيجي|Fijian|fidjien||فيجي|Q38807|Suva|Suva|سوفا
FI|Q33|Republic of Finland|République de Finlande|جمهورية فنلندا;فنلنده|Finnish;Finn|finlandais|finno|فنلندي|Q1757|Helsinki|Helsinki|هلسنكي
FR|Q142|French Republic|République française|الجمهورية الفرنسية|French|français|franco|فرنسي|Q90|Paris|Paris|باريس
GA|Q1000|Gabonese Republic|République gabonaise|الجمهورية الغابونية;جمهورية الغابون|Gabonese|gabonais|gabono|غابوني|Q3825|Libreville|Libreville|ليبرفيل
GM|Q1005|The Gambia;Republic of The Gambia|République de Gambie|جامبيا;جمهورية غامبيا|Gambian|gambien||غامبي|Q3726|Banjul|Banjul|بانجول
GE|Q230|||جمهورية جورجيا|Georgian|géorgien|géorgo|جورجي|Q994|Tbilisi|Tbilissi|تبليسي
DE|Q183|Federal Republic of Germany|République fédérale d'Allemagne;RFA|جمهورية ألمانيا الاتحادية;المانيا|German|allemand|germano|ألماني|Q64|Berlin|Berlin|برلين
GH|Q117|Republic of Ghana|République du Ghana|جمهورية غانا|Ghanaian|ghanéen|ghanéo|غاني|Q3761|Accra|Accra|أكرا
GR|Q41|Hellenic Republic|République hellénique|الجمهورية الهيلينية;اليونان|Greek;Hellenic|grec/grecque/grecs/grecques;hellène;hellénique|gréco;greco|يوناني|Q1524|Athens|Athènes|أثينا
GD|Q769||||Grenadian|grenadien||غرينادي|Q41547|St. George's;Saint George's|Saint-Georges|سانت جورجز
GT|Q774|Republic of Guatemala|République du Guatemala|جمهورية غواتيمالا|Guatemalan|guatémaltèque||غواتيمالي|Q1555|Guatemala City|Guatemala;Ciudad de Guatemala|مدينة غواتيمالا
GN|Q1006|Republic of Guinea;Guinea-Conakry|République de Guinée;Guinée-Conakry|جمهورية غينيا;غينيا كوناكري|Guinean|guinéen|guinéo|غيني|Q3733|Conakry|Conakry|كوناكري
GW|Q1007|Republic of Guinea-Bissau|République de Guinée-Bissau|جمهورية غينيا بيساو;غينيا-بيساو|Bissau-Guinean|bissau-guinéen||غيني بيساوي|Q3739|Bissau|Bissau|بيساو
GY|Q734|Co-operative Republic of Guyana|République coopérative du Guyana|جمهورية غيانا|Guyanese|guyanien||غياني|Q10717|Georgetown|Georgetown|جورجتاون
HT|Q790|Republic of Haiti|République d'Haïti;Haiti|جمهورية هايتي|Haitian|haïtien|haïtiano|هايتي|Q34261|Port-au-Prince|Port-au-Prince|بورت أو برنس
HN|Q783|Republic of Honduras|République du Honduras|جمهورية هندوراس|Honduran|hondurien||هندوراسي|Q3238|Tegucigalpa|Tegucigalpa|تيغوسيغالبا
HU|Q28|||المجر;هنغاريا|Hungarian|hongrois|hungaro;hongro|مجري;هنغاري|Q1781|Budapest|Budapest|بودابست
IS|Q189|Republic of Iceland|République d'Islande|جمهورية آيسلندا;أيسلندا;ايسلندا|Icelandic;Icelander|islandais||آيسلندي;أيسلندي|Q1764|Reykjavík;Reykjavik|Reykjavik|ريكيافيك
IN|Q668|Republic of India;Bharat|République de l'Inde;Union indienne|جمهورية الهند|Indian|indien|indo|هندي|Q987|New Delhi|New Delhi|نيودلهي;نيو دلهي
ID|Q252|Republic of Indonesia|République d'Indonésie|جمهورية إندونيسيا;اندونيسيا|Indonesian|indonésien|indonésio|إندونيسي;اندونيسي|Q3630|Jakarta|Jakarta|جاكرتا
IR|Q794|Islamic Republic of Iran;Persia|République islamique d'Iran;Perse|جمهورية إيران الإسلامية;ايران|Iranian;Persian|iranien|irano|إيراني;ايراني|Q3616|Tehran;Teheran|Téhéran|طهران
IQ|Q796|Republic of Iraq|République d'Irak;Iraq|جمهورية العراق|Iraqi|irakien;iraquien|irako|عراقي|Q1530|Baghdad|Bagdad|بغداد
IE|Q27|Republic of Ireland;Eire|République d'Irlande|جمهورية أيرلندا;إيرلندا;ايرلندا|Irish|irlandais|irlando|أيرلندي;إيرلندي;ايرلندي|Q1761|Dublin|Dublin|دبلن
IL|Q801|State of Israel|État d'Israël|دولة إسرائيل;اسرائيل|Israeli|israélien|israélo|إسرائيلي;اسرائيلي|Q1218|Jerusalem|Jérusalem|القدس
IT|Q38|Italian Republic|République italienne|الجمهورية الإيطالية;ايطاليا|Italian|italien|italo|إيطالي;ايطالي|Q220|Rome|Rome|روما
JM|Q766||||Jamaican|jamaïcain||جامايكي|Q34692|Kingston|Kingston|كينغستون
JP|Q17|||اليابان|Japanese|japonais|nippo|ياباني|Q1490|Tokyo|Tokyo|طوكيو
JO|Q810|Hashemite Kingdom of Jordan|Royaume hachémite de Jordanie|المملكة الأردنية الهاشمية|Jordanian|jordanien|jordano|أردني|Q3805|Amman|Amman|عمّان
KZ|Q232|Republic of Kazakhstan|République du Kazakhstan|جمهورية كازاخستان;قازاقستان|Kazakhstani;Kazakh|kazakhstanais;kazakh||كازاخستاني;كازاخي|Q1520|Astana;Nur-Sultan|Astana|أستانا
KE|Q114|Republic of Kenya|République du Kenya|جمهورية كينيا|Kenyan|kényan;kenyan|kényano|كيني|Q3870|Nairobi|Nairobi|نيروبي
KI|Q710||||I-Kiribati|kiribatien||كيريباتي|Q131233|South Tarawa;Tarawa|Tarawa-Sud;Tarawa|تاراوا
KP|Q423|North Korea;DPRK;Democratic People's Republic of Korea|République populaire démocratique de Corée;RPDC|جمهورية كوريا الديمقراطية الشعبية;كوريا الديمقراطية|North Korean|nord-coréen||كوري شمالي|Q18808|Pyongyang|Pyongyang|بيونغ يانغ;بيونغيانغ
KR|Q884|Republic of Korea;ROK;Korea|République de Corée;Corée|جمهورية كوريا;كوريا|South Korean;Korean|sud-coréen;coréen|coréano|كوري جنوبي;كوري|Q8684|Seoul|Séoul|سول;سيول
KW|Q817|State of Kuwait|État du Koweït;Koweit|دولة الكويت|Kuwaiti|koweïtien;koweitien||كويتي|Q35178|Kuwait City|Koweït City;Koweït|مدينة الكويت
KG|Q813|Kyrgyz Republic;Kirghizia|Kirghizstan;Kirghizie|قيرغيزستان;قرغيزستان|Kyrgyz;Kyrgyzstani|kirghiz/kirghize/kirghiz/kirghizes;kirghizistanais||قيرغيزي;قرغيزي|Q9361|Bishkek|Bichkek|بيشكيك
LA|Q819|Lao PDR;Lao People's Democratic Republic|République démocratique populaire lao|جمهورية لاو الديمقراطية الشعبية|Laotian;Lao|laotien||لاوسي|Q9326|Vientiane|Vientiane|فيينتيان
LV|Q211|Republic of Latvia|République de Lettonie|جمهورية لاتفيا|Latvian|letton/lettone/lettons/lettones;lettonne/lettonne/lettonnes/lettonnes|letto|لاتفي|Q1773|Riga|Riga|ريغا
LB|Q822|Lebanese Republic|République libanaise;Liban|الجمهورية اللبنانية;لبنان|Lebanese|libanais|libano|لبناني|Q3820|Beirut|Beyrouth|بيروت
LS|Q1013|Kingdom of Lesotho|Royaume du Lesotho|مملكة ليسوتو|Basotho;Mosotho|lésothien||ليسوتي|Q3909|Maseru|Maseru|ماسيرو
LR|Q1014|Republic of Liberia|République du Liberia;Libéria|جمهورية ليبيريا|Liberian|libérien||ليبيري|Q3748|Monrovia|Monrovia|مونروفيا
LY|Q1016|State of Libya|État de Libye|دولة ليبيا|Libyan|libyen|libyo|ليبي|Q3579|Tripoli|Tripoli|طرابلس;طرابلس الغرب
LI|Q347|Principality of Liechtenstein|Principauté de Liechtenstein|إمارة ليختنشتاين|Liechtensteiner|liechtensteinois||ليختنشتايني|Q1844|Vaduz|Vaduz|فادوتس
LT|Q37|Republic of Lithuania|République de Lituanie|جمهورية ليتوانيا;لتوانيا|Lithuanian|lituanien|lituano|ليتواني|Q216|Vilnius|Vilnius|فيلنيوس
LU|Q32|Grand Duchy of Luxembourg|Grand-Duché de Luxembourg|دوقية لوكسمبورغ الكبرى;لكسمبورغ|Luxembourgish;Luxembourger|luxembourgeois||لوكسمبورغي|Q1842|Luxembourg City|Luxembourg-Ville|مدينة لوكسمبورغ
MG|Q1019|Republic of Madagascar|République de Madagascar|جمهورية مدغشقر|Malagasy;Madagascan|malgache|malgacho|مدغشقري;ملغاشي|Q3915|Antananarivo|Antananarivo;Tananarive|أنتاناناريفو
MW|Q1020|Republic of Malawi|République du Malawi|جمهورية ملاوي;مالاوي|Malawian|malawite;malawien||مالاوي;ملاوي|Q3876|Lilongwe|Lilongwe|ليلونغوي
MY|Q833|||ماليزيا|Malaysian|malaisien;malaysien||ماليزي|Q1865|Kuala Lumpur|Kuala Lumpur|كوالالمبور;كوالا لمبور
MV|Q826|Republic of Maldives|République des Maldives|جمهورية المالديف;جزر المالديف;المالديف|Maldivian|maldivien||مالديفي|Q9347|Malé;Male|Malé|ماليه
ML|Q912|Republic of Mali|République du Mali|جمهورية مالي|Malian|malien|||Q3703|Bamako|Bamako|باماكو
MT|Q233|Republic of Malta|République de Malte|جمهورية مالطا|Maltese|maltais|malto|مالطي|Q23800|Valletta|La Valette|فاليتا
MH|Q709|Republic of the Marshall Islands|Îles Marshall;République des Îles Marshall|جزر مارشال|Marshallese|marshallais||مارشالي|Q12919|Majuro|Majuro|ماجورو
MR|Q1025|Islamic Republic of Mauritania|République islamique de Mauritanie|الجمهورية الإسلامية الموريتانية|Mauritanian|mauritanien|mauritano|موريتاني|Q3688|Nouakchott|Nouakchott|نواكشوط
MU|Q1027|Republic of Mauritius|République de Maurice;Île Maurice|جمهورية موريشيوس|Mauritian|mauricien||موريشيوسي|Q3929|Port Louis|Port-Louis|بورت لويس
MX|Q96|United Mexican States|États-Unis mexicains|الولايات المتحدة المكسيكية|Mexican|mexicain|mexicano|مكسيكي|Q1489|Mexico City|Mexico|مكسيكو سيتي;مدينة مكسيكو
FM|Q702|Federated States of Micronesia|États fédérés de Micronésie|ولايات ميكرونيسيا المتحدة|Micronesian|micronésien||ميكرونيزي|Q42751|Palikir|Palikir|باليكير
MD|Q217|Republic of Moldova|République de Moldavie;Moldova|جمهورية مولدوفا;مولدافيا|Moldovan;Moldavian|moldave|moldo|مولدوفي;مولدافي|Q21197|Chișinău;Chisinau|Chișinău;Chisinau|كيشيناو
MC|Q235|Principality of Monaco|Principauté de Monaco|إمارة موناكو|Monegasque|monégasque||موناكي|Q55115|Monaco-Ville|Monaco-Ville|مدينة موناكو
MN|Q711|||منغوليا;منغوليا|Mongolian|mongol||منغولي|Q23430|Ulaanbaatar;Ulan Bator|Oulan-Bator|أولان باتور
ME|Q236|||الجبل الأسود;مونتينيغرو|Montenegrin|monténégrin||مونتينيغري|Q23564|Podgorica|Podgorica|بودغوريتسا
MA|Q1028|Kingdom of Morocco|Royaume du Maroc|المملكة المغربية|Moroccan|marocain|maroco|مغربي|Q3551|Rabat|Rabat|الرباط
MZ|Q1029|Republic of Mozambique|République du Mozambique|جمهورية موزمبيق|Mozambican|mozambicain||موزمبيقي|Q3889|Maputo|Maputo|مابوتو
MM|Q836|Myanmar;Burma;Republic of the Union of Myanmar|Myanmar;Birmanie|ميانمار;بورما|Burmese;Myanmar|birman||ميانماري;بورمي|Q37400|Naypyidaw;Nay Pyi Taw|Naypyidaw|نايبيداو;نايبيتاو
NA|Q1030|Republic of Namibia|République de Namibie|جمهورية ناميبيا|Namibian|namibien||ناميبي|Q3935|Windhoek|Windhoek|ويندهوك
NR|Q697|Republic of Nauru|République de Nauru|جمهورية ناورو|Nauruan|nauruan||ناوروي|Q31026|Yaren|Yaren|يارين
NP|Q837|Federal Democratic Republic of Nepal|République fédérale démocratique du Népal|جمهورية نيبال الديمقراطية الاتحادية|Nepalese;Nepali|népalais||نيبالي|Q3037|Kathmandu|Katmandou|كاتماندو
NL|Q55|Holland;Kingdom of the Netherlands|Hollande;Royaume des Pays-Bas|مملكة هولندا;الأراضي المنخفضة|Dutch|néerlandais;hollandais|néerlando|هولندي|Q727|Amsterdam|Amsterdam|أمستردام;امستردام
NZ|Q664||||New Zealand;Kiwi|néo-zélandais||نيوزيلندي|Q23661|Wellington|Wellington|ويلينغتون;ولنغتون
NI|Q811|Republic of Nicaragua|République du Nicaragua|جمهورية نيكاراغوا|Nicaraguan|nicaraguayen||نيكاراغوي|Q3274|Managua|Managua|ماناغوا
NE|Q1032|Republic of Niger|République du Niger|جمهورية النيجر|Nigerien|nigérien|nigéro|نيجري|Q3674|Niamey|Niamey|نيامي
NG|Q1033|Federal Republic of Nigeria|République fédérale du Nigeria;Nigéria|جمهورية نيجيريا الاتحادية|Nigerian|nigérian|nigériano|نيجيري|Q3787|Abuja|Abuja|أبوجا
MK|Q221|Republic of North Macedonia;Macedonia;FYROM|République de Macédoine du Nord;Macédoine|جمهورية مقدونيا الشمالية;مقدونيا|Macedonian;North Macedonian|macédonien;nord-macédonien||مقدوني|Q384|Skopje|Skopje|سكوبيه;سكوبي
NO|Q20|Kingdom of Norway|Royaume de Norvège|مملكة النرويج|Norwegian|norvégien|norvégo|نرويجي|Q585|Oslo|Oslo|أوسلو
OM|Q842|Sultanate of Oman|Sultanat d'Oman|سلطنة عمان;سلطنة عُمان;عُمان;عمان|Omani|omanais||عماني|Q3826|Muscat|Mascate|مسقط
PK|Q843|Islamic Republic of Pakistan|République islamique du Pakistan|جمهورية باكستان الإسلامية;الباكستان|Pakistani|pakistanais|pakistano|باكستاني|Q1362|Islamabad|Islamabad|إسلام آباد;اسلام اباد
PW|Q695|Republic of Palau|République des Palaos;Palau|جمهورية بالاو|Palauan|palaosien||بالاوي|Q515229|Ngerulmud|Ngerulmud|نجيرولمود
PS|Q219060|Palestine;State of Palestine;Palestinian territories;Palestinian Territories|Palestine;État de Palestine;Territoires palestiniens|فلسطين;دولة فلسطين;الأراضي الفلسطينية|Palestinian|palestinien|palestino|فلسطيني|Q1218|East Jerusalem;Jerusalem|Jérusalem-Est;Jérusalem|القدس الشرقية;القدس
PA|Q804|Republic of Panama|République du Panama|جمهورية بنما|Panamanian|panaméen||بنمي|Q3306|Panama City|Panama;Ciudad de Panamá|مدينة بنما
PG|Q691|Independent State of Papua New Guinea;PNG|Papouasie-Nouvelle-Guinée|بابوا غينيا الجديدة|Papua New Guinean|papouan-néo-guinéen||بابواني|Q36526|Port Moresby|Port Moresby|بورت مورسبي
PY|Q733|Republic of Paraguay|République du Paraguay|جمهورية باراغواي|Paraguayan|paraguayen||باراغواياني|Q2933|Asunción;Asuncion|Asuncion;Asunción|أسونسيون
PE|Q419|Republic of Peru|République du Pérou|جمهورية بيرو|Peruvian|péruvien||بيروفي|Q2868|Lima|Lima|ليما
PH|Q928|Republic of the Philippines|République des Philippines|جمهورية الفلبين;الفيليبين|Filipino;Philippine|philippin||فلبيني;فيليبيني|Q1461|Manila|Manille|مانيلا
PL|Q36|Republic of Poland|République de Pologne|جمهورية بولندا|Polish;Pole|polonais|polono|بولندي;بولوني|Q270|Warsaw|Varsovie|وارسو
PT|Q45|Portuguese Republic|République portugaise|الجمهورية البرتغالية|Portuguese|portugais|luso|برتغالي|Q597|Lisbon|Lisbonne|لشبونة
QA|Q846|State of Qatar|État du Qatar|دولة قطر|Qatari|qatari/qatarie/qataris/qataries;qatarien||قطري|Q3861|Doha|Doha|الدوحة
RO|Q218|||رومانيا|Romanian|roumain|roumano|روماني|Q19660|Bucharest|Bucarest|بوخارست
RU|Q159|Russian Federation|Fédération de Russie|روسيا الاتحادية;الاتحاد الروسي|Russian|russe|russo|روسي|Q649|Moscow|Moscou|موسكو
RW|Q1037|Republic of Rwanda|République du Rwanda|جمهورية رواندا|Rwandan|rwandais|rwando|رواندي|Q3859|Kigali|Kigali|كيغالي
KN|Q763|Saint Kitts and Nevis;St Kitts and Nevis|Saint-Kitts-et-Nevis||Kittitian|kittitien|||Q41295|Basseterre|Basseterre|باستير
LC|Q760|Saint Lucia|||Saint Lucian|saint-lucien|||Q41699|Castries|Castries|كاستريس
VC|Q757|Saint Vincent and the Grenadines|Saint-Vincent-et-les-Grenadines||Vincentian|vincentais|||Q41474|Kingstown|Kingstown|كينغستاون
WS|Q683|Independent State of Samoa|État indépendant des Samoa||Samoan|samoan||ساموي|Q36260|Apia|Apia|آبيا
SM|Q238|Republic of San Marino|République de Saint-Marin|جمهورية سان مارينو|Sammarinese|saint-marinais|||Q1848|City of San Marino|Saint-Marin (ville)|مدينة سان مارينو
ST|Q1039|São Tomé and Príncipe;Sao Tome and Principe|São Tomé-et-Príncipe|ساو تومي وبرينسيب|Santomean;São Toméan|santoméen|||Q3932|São Tomé;Sao Tome|São Tomé;Sao Tomé|مدينة ساو تومي
SA|Q851|Kingdom of Saudi Arabia;KSA;Saudi|Royaume d'Arabie saoudite;Arabie Saoudite|المملكة العربية السعودية;المملكة السعودية|Saudi;Saudi Arabian|saoudien|saoudo|سعودي|Q3692|Riyadh|Riyad|الرياض
SN|Q1041|Republic of Senegal|République du Sénégal|جمهورية السنغال|Senegalese|sénégalais|sénégalo|سنغالي|Q3718|Dakar|Dakar|داكار
RS|Q403|Republic of Serbia|République de Serbie|جمهورية صربيا|Serbian;Serb|serbe|serbo|صربي|Q3711|Belgrade|Belgrade|بلغراد
SC|Q1042|Republic of Seychelles|République des Seychelles|جمهورية سيشل;سيشيل|Seychellois|seychellois||سيشيلي|Q3940|Victoria|Victoria|فيكتوريا
SL|Q1044|Republic of Sierra Leone|République de Sierra Leone|جمهورية سيراليون|Sierra Leonean|sierra-léonais||سيراليوني|Q3780|Freetown|Freetown|فريتاون
SG|Q334|Republic of Singapore|République de Singapour|جمهورية سنغافورة|Singaporean|singapourien||سنغافوري|Q334|Singapore|Singapour|سنغافورة
SK|Q214|Slovak Republic|République slovaque|جمهورية سلوفاكيا|Slovak;Slovakian|slovaque|slovaco|سلوفاكي|Q1780|Bratislava|Bratislava|براتيسلافا
SI|Q215|Republic of Slovenia|République de Slovénie|جمهورية سلوفينيا|Slovenian;Slovene|slovène|slovéno|سلوفيني|Q437|Ljubljana|Ljubljana|ليوبليانا
SB|Q685|||جزر سليمان|Solomon Islander|salomonais||سليماني|Q40921|Honiara|Honiara|هونيارا
SO|Q1045|Federal Republic of Somalia|République fédérale de Somalie|جمهورية الصومال الفيدرالية|Somali;Somalian|somalien|somalo|صومالي|Q2449|Mogadishu|Mogadiscio|مقديشو
ZA|Q258|Republic of South Africa;RSA|République d'Afrique du Sud;RSA|جمهورية جنوب أفريقيا;جنوب إفريقيا;جنوب افريقيا|South African|sud-africain||جنوب أفريقي;جنوب إفريقي|Q3926|Pretoria|Pretoria|بريتوريا
SS|Q958|Republic of South Sudan|République du Soudan du Sud;Sud-Soudan|جمهورية جنوب السودان|South Sudanese|sud-soudanais||جنوب سوداني|Q1947|Juba|Djouba;Juba|جوبا
ES|Q29|Kingdom of Spain|Royaume d'Espagne|المملكة الإسبانية;مملكة إسبانيا;اسبانيا|Spanish;Spaniard|espagnol|hispano|إسباني;اسباني|Q2807|Madrid|Madrid|مدريد
LK|Q854|Democratic Socialist Republic of Sri Lanka;Ceylon|République démocratique socialiste du Sri Lanka;Ceylan|جمهورية سريلانكا الديمقراطية الاشتراكية;سيلان;سري لانكا|Sri Lankan|sri-lankais;srilankais||سريلانكي|Q41963|Sri Jayawardenepura Kotte;Colombo|Sri Jayawardenapura Kotte;Colombo|سري جاياواردنابورا كوتي
SD|Q1049|Republic of the Sudan;The Sudan|République du Soudan|جمهورية السودان|Sudanese|soudanais|soudano|سوداني|Q1963|Khartoum|Khartoum|الخرطوم
SR|Q730|Republic of Suriname;Surinam|République du Suriname;Surinam|جمهورية سورينام|Surinamese|surinamais||سورينامي|Q3001|Paramaribo|Paramaribo|باراماريبو
SE|Q34|Kingdom of Sweden|Royaume de Suède|مملكة السويد|Swedish;Swede|suédois|suédo|سويدي|Q1754|Stockholm|Stockholm|ستوكهولم
CH|Q39|Swiss Confederation|Confédération suisse|الاتحاد السويسري|Swiss|suisse;helvétique|helvético|سويسري|Q70|Bern;Berne|Berne|برن
SY|Q858|Syrian Arab Republic|République arabe syrienne|الجمهورية العربية السورية;سورية|Syrian|syrien|syro|سوري|Q3766|Damascus|Damas|دمشق
TW|Q865|Republic of China;ROC;Chinese Taipei|République de Chine;Taiwan;Taipei chinois|جمهورية الصين;تايبيه الصينية|Taiwanese|taïwanais;taiwanais||تايواني|Q1867|Taipei|Taipei|تايبيه;تايبي
TJ|Q863|Republic of Tajikistan|République du Tadjikistan|جمهورية طاجيكستان|Tajik;Tajikistani|tadjik||طاجيكي;طاجيكستاني|Q9365|Dushanbe|Douchanbé|دوشنبه
TZ|Q924|United Republic of Tanzania|République unie de Tanzanie|جمهورية تنزانيا المتحدة|Tanzanian|tanzanien|tanzano|تنزاني|Q3866|Dodoma|Dodoma|دودوما
TH|Q869|Kingdom of Thailand;Siam|Royaume de Thaïlande;Thailande|مملكة تايلاند;تايلندا|Thai|thaïlandais;thaï|thaïlando|تايلاندي;تايلندي|Q1861|Bangkok|Bangkok|بانكوك
TL|Q574|East Timor;Democratic Republic of Timor-Leste|Timor-Leste;Timor-Oriental|تيمور الشرقية;تيمور ليشتي|Timorese;East Timorese|timorais;est-timorais||تيموري|Q9310|Dili|Dili|ديلي
TG|Q945|Togolese Republic|République togolaise|جمهورية توغو;الطوغو|Togolese|togolais|togolo|توغولي|Q3792|Lomé;Lome|Lomé|لومي
TO|Q678|Kingdom of Tonga|Royaume des Tonga|مملكة تونغا|Tongan|tongien||تونغي|Q38834|Nuku'alofa|Nuku'alofa|نوكوألوفا
TT|Q754|Trinidad and Tobago;Trinidad|Trinidad|ترينيداد|Trinidadian;Trinidadian and Tobagonian|trinidadien||ترينيدادي|Q39178|Port of Spain|Port-d'Espagne|بورت أوف سبين
TN|Q948|Republic of Tunisia;Tunisian Republic|République tunisienne|الجمهورية التونسية;الجمهورية التونسيّة|Tunisian|tunisien|tuniso|تونسي|Q3572|Tunis|Tunis|تونس العاصمة
TR|Q43|Turkey;Turkiye;Republic of Türkiye;Republic of Turkey|Türkiye;République de Turquie|الجمهورية التركية;جمهورية تركيا|Turkish;Turk|turc/turque/turcs/turques|turco|تركي|Q3640|Ankara|Ankara|أنقرة;انقرة
TM|Q874|||تركمانستان|Turkmen|turkmène||تركماني;تركمانستاني|Q23438|Ashgabat|Achgabat|عشق آباد
TV|Q672||||Tuvaluan|tuvaluan||توفالي|Q34126|Funafuti|Funafuti|فونافوتي
UG|Q1036|Republic of Uganda|République de l'Ouganda|جمهورية أوغندا;اوغندا|Ugandan|ougandais|ougando|أوغندي;اوغندي|Q3894|Kampala|Kampala|كمبالا
UA|Q212|||أوكرانيا;اوكرانيا|Ukrainian|ukrainien|ukraino|أوكراني;اوكراني|Q1899|Kyiv;Kiev|Kiev;Kyiv|كييف;كيف
AE|Q878|UAE;the Emirates;Emirates|EAU;Émirats|الإمارات;دولة الإمارات;الامارات;دولة الإمارات العربية المتحدة|Emirati|émirati/émiratie/émiratis/émiraties;émirien|émirato|إماراتي;اماراتي|Q1519|Abu Dhabi|Abou Dhabi;Abu Dhabi|أبوظبي;أبو ظبي;ابوظبي
GB|Q145|UK;U.K.;Britain;Great Britain;United Kingdom of Great Britain and Northern Ireland|Grande-Bretagne;Royaume-Uni de Grande-Bretagne et d'Irlande du Nord|بريطانيا;بريطانيا العظمى;المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية|British|britannique|anglo;britanno|بريطاني|Q84|London|Londres|لندن
US|Q30|US;U.S.;USA;U.S.A.;United States of America;America|États-Unis d'Amérique;USA;Amérique|الولايات المتحدة الأمريكية;الولايات المتحدة الأميركية;أمريكا;أميركا;امريكا;اميركا|American;US|américain;états-unien|americano;américano|أمريكي;أميركي;امريكي;اميركي|Q61|Washington, D.C.;Washington|Washington|واشنطن
UY|Q77|Oriental Republic of Uruguay|République orientale de l'Uruguay|جمهورية الأوروغواي الشرقية;الأوروغواي|Uruguayan|uruguayen||أوروغوياني;أوروغواياني|Q1335|Montevideo|Montevideo|مونتيفيديو
UZ|Q265|Republic of Uzbekistan|République d'Ouzbékistan|جمهورية أوزبكستان|Uzbek;Uzbekistani|ouzbek/ouzbèke/ouzbeks/ouzbèkes;ouzbékistanais||أوزبكي;أوزبكستاني|Q269|Tashkent|Tachkent|طشقند
VU|Q686|Republic of Vanuatu|République de Vanuatu|جمهورية فانواتو|Ni-Vanuatu|vanuatais;vanuatuan||فانواتي|Q37806|Port Vila|Port-Vila|بورت فيلا
VA|Q237|Holy See;Vatican;Vatican City State|Saint-Siège;Vatican;Cité du Vatican|الكرسي الرسولي;دولة الفاتيكان;مدينة الفاتيكان|Vatican|vatican||فاتيكاني|Q237|Vatican City|Cité du Vatican|مدينة الفاتيكان
VE|Q717|Bolivarian Republic of Venezuela|République bolivarienne du Venezuela;Vénézuela|جمهورية فنزويلا البوليفارية;فينزويلا|Venezuelan|vénézuélien|vénézuélo|فنزويلي;فينزويلي|Q1533|Caracas|Caracas|كاراكاس
VN|Q881|Viet Nam;Socialist Republic of Vietnam|Viêt Nam;Viêt-nam;Vietnam;République socialiste du Viêt Nam|جمهورية فيتنام الاشتراكية;فييتنام|Vietnamese|vietnamien;viêtnamien||فيتنامي|Q1858|Hanoi|Hanoï|هانوي
YE|Q805|Republic of Yemen|République du Yémen|الجمهورية اليمنية|Yemeni|yéménite|yéméno|يمني|Q2471|Sanaa;Sana'a|Sanaa|صنعاء
ZM|Q953|Republic of Zambia|République de Zambie|جمهورية زامبيا|Zambian|zambien||زامبي|Q3881|Lusaka|Lusaka|لوساكا
ZW|Q954|Republic of Zimbabwe|République du Zimbabwe|جمهورية زيمبابوي|Zimbabwean|zimbabwéen||زيمبابوي|Q3921|Harare|Harare|هراري
XK|Q1246|Republic of Kosovo|République du Kosovo|جمهورية كوسوفو|Kosovar;Kosovan|kosovar||كوسوفي|Q25270|Pristina;Prishtina|Pristina|بريشتينا
EH|Q6250|Sahrawi Arab Democratic Republic;SADR|République arabe sahraouie démocratique;RASD|الجمهورية العربية الصحراوية الديمقراطية|Sahrawi;Sahrawian|sahraoui||صحراوي||Laayoune|Laâyoune|العيون
"""

# Dependent and other non-sovereign ISO 3166-1 entries: iso2|qid|extra en|extra fr|extra ar
TERRITORIES = r"""
AS|Q16641|||
AI|Q25228|||
AQ|Q51|||
AW|Q21203|||
AX|Q5689|Aland|Åland;Îles Åland|
BM|Q23635|||
BQ|Q27561|Bonaire;Caribbean Netherlands||
BV|Q23408|||
IO|Q43448|Chagos Archipelago;Chagos Islands|Archipel des Chagos;Chagos|أرخبيل تشاغوس
KY|Q5785|||
CX|Q31063|||
CC|Q36004|Cocos Islands;Cocos (Keeling) Islands||
CK|Q26988|||
CW|Q25279|||
FK|Q9648|Falklands;Malvinas|Malouines;Îles Malouines|جزر مالفيناس
FO|Q4628|Faroes|Féroé|
GF|Q3769|||
PF|Q30971|||
TF|Q129003|||
GI|Q1410|||
GL|Q223|||
GP|Q17012|||
GU|Q16635|||
GG|Q25230|||
HM|Q131198|||
HK|Q8646|Hong Kong|Hong Kong|هونغ كونغ
IM|Q9676|||
JE|Q785|||
MO|Q14773|Macau;Macao|Macao|ماكاو
MQ|Q17054|||
YT|Q17063|||
MS|Q13353|||
NC|Q33788|||
NU|Q34020|||
NF|Q31057|||
MP|Q16644|||
PN|Q35672|||
PR|Q1183|||
RE|Q17070|Reunion|Réunion;La Réunion;Île de la Réunion|لا ريونيون
BL|Q25362|Saint Barthélemy||
SH|Q192184|Saint Helena||
MF|Q126125|Saint Martin||
PM|Q34617|Saint Pierre and Miquelon||
SX|Q26273||Sint Maarten|سينت مارتن
GS|Q35086|||
SJ|Q842829|||
TK|Q36823|||
TC|Q18221|||
UM|Q16645|||
VG|Q25305|||
VI|Q11703|||
WF|Q35555|||
"""


def split(field: str) -> list[str]:
    return [x.strip() for x in field.split(";") if x.strip()]


def fr_inflect(word: str) -> list[str]:
    if "/" in word:
        forms = word.split("/")
    elif word.endswith("e"):
        forms = [word, word, word + "s", word + "s"]
    elif word.endswith(("s", "x")):
        forms = [word, word + "e", word, word + "es"]
    elif word.endswith(("en", "on")):
        forms = [word, word + "ne", word + "s", word + "nes"]
    else:
        forms = [word, word + "e", word + "s", word + "es"]
    return forms


def ar_fem(nisba: str) -> str:
    return " ".join(w + "ة" if w.endswith("ي") else w for w in nisba.split(" "))


HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})


def ar_variants(names: list[str], adjective: bool = False) -> list[str]:
    out: list[str] = []
    for n in names:
        for v in (n, n.translate(HAMZA)):
            # "ألماني" -> "الماني" would read as ال + ماني: skip for bare nisbas
            if adjective and v != n and v.startswith("ال"):
                continue
            if v not in out:
                out.append(v)
    return out


def uniq(xs):
    out, seen = [], set()
    for x in xs:
        x = x.strip()
        if x and x.casefold() not in seen:
            seen.add(x.casefold())
            out.append(x)
    return out


def clean_cldr(name: str | None, keep_inner: bool = False) -> list[str]:
    """Turn a CLDR display name into usable surface forms."""
    if not name:
        return []
    out = []
    name = name.replace("&", "and") if re.search(r"[A-Za-z]", name) else name
    if " - " in name:  # "Congo - Kinshasa"
        return []
    m = re.match(r"^(.*?)\s*\((.*)\)$", name)
    if m:  # "Myanmar (Burma)" -> both (keep_inner); "Hong Kong (SAR)" -> outer part only
        out.append(m.group(1))
        if keep_inner:
            out.append(m.group(2))
    else:
        out.append(name)
    res = []
    for n in out:
        res.append(n)
        if n.startswith("St. "):
            res.append("Saint " + n[4:])
    return res


def main() -> int:
    en_l, fr_l, ar_l = (Locale(x).territories for x in ("en", "fr", "ar"))
    rows: dict[str, dict] = {}
    order: list[str] = []
    for line in TABLE.strip().splitlines():
        f = line.split("|")
        if len(f) != 13:
            print("bad row", len(f), line, file=sys.stderr)
            return 1
        rows[f[0]] = {"sovereign": True, "f": f}
        order.append(f[0])
    for line in TERRITORIES.strip().splitlines():
        f = line.split("|")
        f += [""] * (13 - len(f))
        rows[f[0]] = {"sovereign": False, "f": f}
        order.append(f[0])

    states = []
    for iso in order:
        f = rows[iso]["f"]
        c = pycountry.countries.get(alpha_2=iso)
        en_extra, fr_extra, ar_extra = split(f[2]), split(f[3]), split(f[4])
        en = clean_cldr(en_l.get(iso), iso == "MM")
        if c is not None:
            for attr in ("common_name", "name", "official_name"):
                v = getattr(c, attr, None)
                if v and "," not in v and "(" not in v and not v.startswith("the "):
                    en.append(v)
        en = uniq(en + en_extra)
        fr = uniq(clean_cldr(fr_l.get(iso), iso == "MM") + fr_extra)
        ar = ar_variants(uniq(clean_cldr(ar_l.get(iso), iso == "MM") + ar_extra))
        if iso == "PS":  # CLDR's "Palestinian Territories" should not come first
            en = uniq(["Palestine"] + en)
            fr = uniq(["Palestine"] + fr)
            ar = uniq(["فلسطين"] + ar)
        if iso in ("CG", "CD", "MM"):
            en = uniq(en_extra[:1] + en)
            fr = uniq(fr_extra[:1] + fr)
            ar = uniq(ar_extra[:1] + ar)
        entry = {
            "iso2": iso,
            "wikidata": f[1],
            "sovereign": rows[iso]["sovereign"],
            "names": {"en": en, "fr": fr, "ar": ar},
        }
        adj = {}
        if f[5]:
            adj["en"] = split(f[5])
        if f[6]:
            forms = []
            for w in split(f[6]):
                forms += fr_inflect(w)
            adj["fr"] = uniq(forms)
        if f[7]:
            adj["fr_prefix"] = split(f[7])
        if f[8]:
            ar_adj = []
            for w in split(f[8]):
                ar_adj += [w, ar_fem(w)]
            adj["ar"] = ar_variants(uniq(ar_adj), adjective=True)
        if adj:
            entry["adjectives"] = adj
        if f[10]:
            cap = {}
            if f[9]:
                cap["wikidata"] = f[9]
            cap["names"] = {"en": split(f[10]), "fr": split(f[11]), "ar": ar_variants(split(f[12]))}
            entry["capital"] = cap
        states.append(entry)

    # Drop names claimed by more than one state (sovereign states win; first wins).
    for lang in ("en", "fr", "ar"):
        owner: dict[str, str] = {}
        for prio in (True, False):
            for s in states:
                if s["sovereign"] != prio:
                    continue
                keep = []
                for n in s["names"][lang]:
                    k = n.casefold()
                    if k in owner and owner[k] != s["iso2"]:
                        print(
                            f"dup {lang} {n!r}: {owner[k]} keeps, dropped from {s['iso2']}", file=sys.stderr
                        )
                        continue
                    owner[k] = s["iso2"]
                    keep.append(n)
                s["names"][lang] = keep

    header = HEADER.strip() + "\n"
    body = yaml.safe_dump({"states": states}, allow_unicode=True, sort_keys=False, width=200)
    OUT.write_text(header + body, encoding="utf-8")
    print(f"wrote {len(states)} states to {OUT}")
    return 0


HEADER = """
# Foedus reference data: gazetteer of STATES (ISO 3166-1 entities).
# GENERATED by tools/refdata/build_states.py -- edit the tables there and re-run
# (see the script docstring for how), do not hand-edit this file.
#
# Sources (facts, restated in our own words):
#   - ISO 3166-1 alpha-2 codes and English official names: pycountry (Debian iso-codes).
#   - Short names in English, French, Arabic: Unicode CLDR territory names via babel.
#   - Wikidata QIDs of states and capitals (wikidata.org), cross-checked against
#     public country tables; name variants, demonyms/adjectives (en, fr, ar nisba),
#     French compound prefixes and capital names: hand-written from standard usage.
#   - XK (Kosovo) is a user-assigned code; EH is the ISO code for Western Sahara
#     (listed with the Wikidata item of the territory; SADR given as a name variant).
#
# Schema (one item per ISO 3166-1 code):
#   iso2:       ISO 3166-1 alpha-2 code (XK for Kosovo)
#   wikidata:   QID of the state / territory
#   sovereign:  true for UN members + observers/partially recognised states
#               (PS, VA, XK, TW, EH); false for dependent territories
#   names:      {en, fr, ar}: surface forms, common short name first, then official/long
#               forms and variants. French forms carry no article (the extractor adds
#               le/la/l'/les/du/des/au/aux/en). Arabic forms keep ال where the name has
#               it; hamza-less spellings (ا for أ/إ/آ) are added as variants.
#   adjectives: en: demonym/adjective forms
#               fr: all inflections (m.sg, f.sg, m.pl, f.pl), lower case
#               fr_prefix: compound prefixes without the hyphen (franco, sino, ...)
#               ar: nisba masc. and fem. singular WITHOUT ال (extractor adds ال and
#                   handles plural/dual); multi-word nisbas such as "كوري شمالي".
#   capital:    {wikidata, names: {en, fr, ar}}
#
# Known ambiguities, deliberately resolved:
#   - "Congo"/"الكونغو" -> CG (Republic of the Congo); DRC uses RDC/DR Congo forms.
#     The adjectives congolais/Congolese/كونغولي are given to CD only.
#   - "Korea"/"Corée"/"كوريا" and coréen/كوري -> KR; DPRK only via North-Korean forms.
#   - "عمان" (undiacritised) -> Oman; Amman is given as "عمّان" only.
#   - Mali: no Arabic adjective (مالي/مالية also mean "financial").
#   - "Dominican" (en) -> DO; Dominica has no English adjective.
#   - PS capital: East Jerusalem as claimed by the State of Palestine (Ramallah, the seat of
#     government, is in places.yaml).
#   - EH: Laayoune as the main city (no capital QID).
"""

if __name__ == "__main__":
    sys.exit(main())
