/**
 * The matmul worker's script (`matmul_worker.ts` with the kernels it runs),
 * bundled into one string by `tensor/kernels/wasm/build_worker.ts`; do not
 * edit. `matmul_threads.ts` starts workers from it.
 *
 * @module
 */

/** Source of a matmul worker, a plain script (4983 characters). */
export const WORKER_SOURCE: string =
  "function V(t,o,c,f,e){let{bias:r,relu:i}=e;if(r!==void 0){let{data:n,offset:l,stride:A}=r;for(le" +
  "t s=0,h=o;s<c;s++)for(let M=0,B=l;M<f;M++,h++,B+=A)t[h]+=n[B]}if(i)for(let n=o,l=o+c*f;n<l;n++)t" +
  "[n]=t[n]<=0?0:t[n]}var u=4,w=2,H=1024,Q=65536,X=131072,P=new Float64Array(0),v=new Float64Array(" +
  "0);function W(t,o,c,f,e,r,i,n){f<=0||e<=0||i<=0||(r<=0?c.fill(0,0,f*e*i):Z(t,o,c,f,e,r,i),n!==vo" +
  "id 0&&V(c,0,f*e,i,n))}function Z(t,o,c,f,e,r,i){let n=Math.ceil(r/H),l=Math.ceil(r/n),A=Math.max" +
  "(u,Math.floor(Q/l/u)*u),s=Math.ceil(e/A),h=Math.ceil(Math.ceil(e/s)/u)*u,M=Math.max(w,Math.floor" +
  "(X/l/w)*w),B=Math.ceil(i/M),k=Math.ceil(Math.ceil(i/B)/w)*w;P.length<h*l&&(P=new Float64Array(h*" +
  "l)),v.length<k*l&&(v=new Float64Array(k*l));let[E,y,_]=t.strides,[T,g,C]=o.strides,R=E===0&&s===" +
  "1&&n===1,F=T===0&&B===1&&n===1;for(let a=0;a<f;a++){let S=t.offset+a*E,K=o.offset+a*T,N=a*e*i;fo" +
  "r(let L=0;L<i;L+=k){let O=Math.min(k,i-L);for(let d=0;d<r;d+=l){let b=Math.min(l,r-d);(!F||a===0" +
  ")&&p(o.data,K+d*g+L*C,g,C,b,O,v);for(let x=0;x<e;x+=h){let I=Math.min(h,e-x);(!R||a===0)&&j(t.da" +
  "ta,S+x*y+d*_,y,_,I,b,P),tt(P,v,c,N+x*i+L,i,I,b,O,d>0)}}}}}function j(t,o,c,f,e,r,i){for(let n=0;" +
  "n<e;n+=u){let l=Math.min(u,e-n),A=n*r;if(Math.abs(f)<=Math.abs(c))for(let s=0;s<l;s++){let h=o+(" +
  "n+s)*c;for(let M=0,B=A+s;M<r;M++,B+=u,h+=f)i[B]=t[h]}else for(let s=0;s<r;s++){let h=o+n*c+s*f,M" +
  "=A+s*u;for(let B=0;B<l;B++)i[M+B]=t[h+B*c]}if(l<u)for(let s=0;s<r;s++)for(let h=l;h<u;h++)i[A+s*" +
  "u+h]=0}}function p(t,o,c,f,e,r,i){for(let n=0;n<r;n+=w){let l=Math.min(w,r-n),A=n*e;if(l===w){le" +
  "t s=o+n*f;for(let h=0,M=A;h<e;h++,M+=w,s+=c)i[M]=t[s],i[M+1]=t[s+f]}else{let s=o+n*f;for(let h=0" +
  ",M=A;h<e;h++,M+=w,s+=c)i[M]=t[s],i[M+1]=0}}}function tt(t,o,c,f,e,r,i,n,l){for(let A=0;A<n;A+=w)" +
  "{let s=A*i,h=n-A;for(let M=0;M<r;M+=u){let B=M*i,k=s,E=0,y=0,_=0,T=0,g=0,C=0,R=0,F=0;for(let K=0" +
  ";K<i;K++){let N=t[B],L=t[B+1],O=t[B+2],d=t[B+3],b=o[k],x=o[k+1];E+=N*b,y+=N*x,_+=L*b,T+=L*x,g+=O" +
  "*b,C+=O*x,R+=d*b,F+=d*x,B+=u,k+=w}let a=f+M*e+A,S=r-M;S>=u&&h>=w?l?(c[a]+=E,c[a+1]+=y,c[a+e]+=_," +
  "c[a+e+1]+=T,c[a+2*e]+=g,c[a+2*e+1]+=C,c[a+3*e]+=R,c[a+3*e+1]+=F):(c[a]=E,c[a+1]=y,c[a+e]=_,c[a+e" +
  "+1]=T,c[a+2*e]=g,c[a+2*e+1]=C,c[a+3*e]=R,c[a+3*e+1]=F):ct(c,a,e,S,h,l,E,y,_,T,g,C,R,F)}}}functio" +
  "n ct(t,o,c,f,e,r,i,n,l,A,s,h,M,B){for(let k=0;k<f&&k<u;k++){let E=k===0?i:k===1?l:k===2?s:M,y=k=" +
  "==0?n:k===1?A:k===2?h:B,_=o+k*c;t[_]=r?t[_]+E:E,e>=w&&(t[_+1]=r?t[_+1]+y:y)}}function ot(t,o,c,f" +
  "){let e=t?4:8,r=t?8:4,i=t?5:4,n=Math.ceil(c/512),l=Math.ceil(c/n),A=Math.max(i,Math.floor(262144" +
  "/e/l/i)*i),s=Math.ceil(o/A),h=Math.ceil(Math.ceil(o/s)/i)*i,M=Math.max(r,Math.floor(1048576/e/l/" +
  "r)*r),B=Math.ceil(f/M),k=Math.ceil(Math.ceil(f/B)/r)*r;return{kc:l,kBlocks:n,mc:h,mBlocks:s,nc:k" +
  ",nBlocks:B}}function Y(t,o){let{single:c,m:f,k:e,n:r}=o,i=c?4:8,n=c?t.pack_a_f32:t.pack_a_f64,l=" +
  "c?t.pack_b_f32:t.pack_b_f64,A=c?t.gemm_f32:t.gemm_f64,{kc:s,kBlocks:h,mc:M,mBlocks:B,nc:k,nBlock" +
  "s:E}=ot(c,f,e,r),[y,_,T]=o.aStrides,[g,C,R]=o.bStrides,F=y===0&&B===1&&h===1,a=g===0&&E===1&&h==" +
  "=1;for(let S=0;S<o.batch;S++){let K=o.a+S*y*i,N=o.b+S*g*i,L=o.c+S*o.cBatch*i;for(let O=0;O<r;O+=" +
  "k){let d=Math.min(k,r-O);for(let b=0;b<e;b+=s){let x=Math.min(s,e-b);(!a||S===0)&&l(N+(b*C+O*R)*" +
  "i,C,R,x,d,o.packB);for(let I=0;I<f;I+=M){let m=Math.min(M,f-I);(!F||S===0)&&n(K+(I*_+b*T)*i,_,T," +
  "m,x,o.packA),A(o.packA,o.packB,L+(I*o.ldc+O)*i,m,x,d,o.ldc,+(b>0))}}}}}var D={STARTING:0,IDLE:1," +
  "RUN:2,DONE:3,FAILED:4},J=256,$=32,nt=J-2;function et(t,o,c){return{words:new Int32Array(t,c*J*4," +
  "J),params:new Float64Array(t,o*J*4+c*$*8,$)}}var st=1;function it(t){return{single:t[1]===1,batc" +
  "h:t[2],m:t[3],k:t[4],n:t[5],a:t[6],aStrides:[t[7],t[8],t[9]],b:t[10],bStrides:[t[11],t[12],t[13]" +
  "],c:t[14],cBatch:t[15],ldc:t[16],packA:t[17],packB:t[18]}}function z(t,o,c,f){return o===0?new F" +
  "loat32Array(t,c,f):new Float64Array(t,c,f)}function ft(t,o){let c=l=>({data:z(o,t[l],t[l+1],t[l+" +
  "2]),offset:t[l+3],strides:[t[l+4],t[l+5],t[l+6]]}),[f,e,r,i]=[t[17],t[18],t[19],t[20]],n=z(o,t[1" +
  "5],t[16],f*e*i);W(c(1),c(8),n,f,e,r,i)}function lt(t,o,c){if(t[0]===st)return ft(t,o.buffer);if(" +
  'c===null)throw new Error("internal: a wasm job reached a worker without kernels");Y(c,it(t))}fun' +
  "ction G(t,o){let c=Math.min(o.length,nt);t[1]=c;for(let f=0;f<c;f++)t[2+f]=o.charCodeAt(f)}funct" +
  "ion U(t){let{control:o,memory:c,module:f,workers:e,slot:r,stackTop:i}=t,{words:n,params:l}=et(o," +
  "e,r),A=null;try{if(f!==null){let s=new WebAssembly.Instance(f,{env:{memory:c}}).exports;s.__stac" +
  "k_pointer.value=i,A=s}}catch(s){G(n,s instanceof Error?`${s.name}: ${s.message}`:String(s)),Atom" +
  "ics.store(n,0,D.FAILED),Atomics.notify(n,0);return}for(Atomics.store(n,0,D.IDLE),Atomics.notify(" +
  "n,0);;){let s=Atomics.load(n,0);for(;s!==D.RUN;)Atomics.wait(n,0,s),s=Atomics.load(n,0);try{lt(l" +
  ",c,A),Atomics.store(n,0,D.DONE)}catch(h){G(n,h instanceof Error?`${h.name}: ${h.message}`:String" +
  '(h)),Atomics.store(n,0,D.FAILED)}Atomics.notify(n,0)}}var rt="__nablaMatmulParentPort";function ' +
  'q(){let t=globalThis,o=t[rt];o!==void 0?o.on("message",U):t.onmessage=c=>U(c.data)}q();';
