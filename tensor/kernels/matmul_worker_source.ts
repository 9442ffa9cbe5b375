/**
 * The matmul worker's script (`matmul_worker.ts` with the kernels it runs),
 * bundled into one string by `tensor/kernels/wasm/build_worker.ts`; do not
 * edit. `matmul_threads.ts` starts workers from it.
 *
 * @module
 */

/** Source of a matmul worker, a plain script (4714 characters). */
export const WORKER_SOURCE: string =
  "var u=4,w=2,V=1024,H=65536,Q=131072,P=new Float64Array(0),m=new Float64Array(0);function W(t,o,c" +
  ",f,e,h,s){if(f<=0||e<=0||s<=0)return;if(h<=0){c.fill(0,0,f*e*s);return}let i=Math.ceil(h/V),r=Ma" +
  "th.ceil(h/i),A=Math.max(u,Math.floor(H/r/u)*u),n=Math.ceil(e/A),l=Math.ceil(Math.ceil(e/n)/u)*u," +
  "M=Math.max(w,Math.floor(Q/r/w)*w),k=Math.ceil(s/M),B=Math.ceil(Math.ceil(s/k)/w)*w;P.length<l*r&" +
  "&(P=new Float64Array(l*r)),m.length<B*r&&(m=new Float64Array(B*r));let[E,y,_]=t.strides,[T,C,L]=" +
  "o.strides,R=E===0&&n===1&&i===1,F=T===0&&k===1&&i===1;for(let a=0;a<f;a++){let S=t.offset+a*E,K=" +
  "o.offset+a*T,N=a*e*s;for(let d=0;d<s;d+=B){let O=Math.min(B,s-d);for(let g=0;g<h;g+=r){let b=Mat" +
  "h.min(r,h-g);(!F||a===0)&&Z(o.data,K+g*C+d*L,C,L,b,O,m);for(let x=0;x<e;x+=l){let I=Math.min(l,e" +
  "-x);(!R||a===0)&&X(t.data,S+x*y+g*_,y,_,I,b,P),j(P,m,c,N+x*s+d,s,I,b,O,g>0)}}}}}function X(t,o,c" +
  ",f,e,h,s){for(let i=0;i<e;i+=u){let r=Math.min(u,e-i),A=i*h;if(Math.abs(f)<=Math.abs(c))for(let " +
  "n=0;n<r;n++){let l=o+(i+n)*c;for(let M=0,k=A+n;M<h;M++,k+=u,l+=f)s[k]=t[l]}else for(let n=0;n<h;" +
  "n++){let l=o+i*c+n*f,M=A+n*u;for(let k=0;k<r;k++)s[M+k]=t[l+k*c]}if(r<u)for(let n=0;n<h;n++)for(" +
  "let l=r;l<u;l++)s[A+n*u+l]=0}}function Z(t,o,c,f,e,h,s){for(let i=0;i<h;i+=w){let r=Math.min(w,h" +
  "-i),A=i*e;if(r===w){let n=o+i*f;for(let l=0,M=A;l<e;l++,M+=w,n+=c)s[M]=t[n],s[M+1]=t[n+f]}else{l" +
  "et n=o+i*f;for(let l=0,M=A;l<e;l++,M+=w,n+=c)s[M]=t[n],s[M+1]=0}}}function j(t,o,c,f,e,h,s,i,r){" +
  "for(let A=0;A<i;A+=w){let n=A*s,l=i-A;for(let M=0;M<h;M+=u){let k=M*s,B=n,E=0,y=0,_=0,T=0,C=0,L=" +
  "0,R=0,F=0;for(let K=0;K<s;K++){let N=t[k],d=t[k+1],O=t[k+2],g=t[k+3],b=o[B],x=o[B+1];E+=N*b,y+=N" +
  "*x,_+=d*b,T+=d*x,C+=O*b,L+=O*x,R+=g*b,F+=g*x,k+=u,B+=w}let a=f+M*e+A,S=h-M;S>=u&&l>=w?r?(c[a]+=E" +
  ",c[a+1]+=y,c[a+e]+=_,c[a+e+1]+=T,c[a+2*e]+=C,c[a+2*e+1]+=L,c[a+3*e]+=R,c[a+3*e+1]+=F):(c[a]=E,c[" +
  "a+1]=y,c[a+e]=_,c[a+e+1]=T,c[a+2*e]=C,c[a+2*e+1]=L,c[a+3*e]=R,c[a+3*e+1]=F):p(c,a,e,S,l,r,E,y,_," +
  "T,C,L,R,F)}}}function p(t,o,c,f,e,h,s,i,r,A,n,l,M,k){for(let B=0;B<f&&B<u;B++){let E=B===0?s:B==" +
  "=1?r:B===2?n:M,y=B===0?i:B===1?A:B===2?l:k,_=o+B*c;t[_]=h?t[_]+E:E,e>=w&&(t[_+1]=h?t[_+1]+y:y)}}" +
  "function tt(t,o,c,f){let e=t?4:8,h=t?8:4,s=t?5:4,i=Math.ceil(c/512),r=Math.ceil(c/i),A=Math.max(" +
  "s,Math.floor(262144/e/r/s)*s),n=Math.ceil(o/A),l=Math.ceil(Math.ceil(o/n)/s)*s,M=Math.max(h,Math" +
  ".floor(1048576/e/r/h)*h),k=Math.ceil(f/M),B=Math.ceil(Math.ceil(f/k)/h)*h;return{kc:r,kBlocks:i," +
  "mc:l,mBlocks:n,nc:B,nBlocks:k}}function Y(t,o){let{single:c,m:f,k:e,n:h}=o,s=c?4:8,i=c?t.pack_a_" +
  "f32:t.pack_a_f64,r=c?t.pack_b_f32:t.pack_b_f64,A=c?t.gemm_f32:t.gemm_f64,{kc:n,kBlocks:l,mc:M,mB" +
  "locks:k,nc:B,nBlocks:E}=tt(c,f,e,h),[y,_,T]=o.aStrides,[C,L,R]=o.bStrides,F=y===0&&k===1&&l===1," +
  "a=C===0&&E===1&&l===1;for(let S=0;S<o.batch;S++){let K=o.a+S*y*s,N=o.b+S*C*s,d=o.c+S*o.cBatch*s;" +
  "for(let O=0;O<h;O+=B){let g=Math.min(B,h-O);for(let b=0;b<e;b+=n){let x=Math.min(n,e-b);(!a||S==" +
  "=0)&&r(N+(b*L+O*R)*s,L,R,x,g,o.packB);for(let I=0;I<f;I+=M){let J=Math.min(M,f-I);(!F||S===0)&&i" +
  "(K+(I*_+b*T)*s,_,T,J,x,o.packA),A(o.packA,o.packB,d+(I*o.ldc+O)*s,J,x,g,o.ldc,+(b>0))}}}}}var D=" +
  "{STARTING:0,IDLE:1,RUN:2,DONE:3,FAILED:4},v=256,$=32,ct=v-2;function ot(t,o,c){return{words:new " +
  "Int32Array(t,c*v*4,v),params:new Float64Array(t,o*v*4+c*$*8,$)}}var nt=1;function et(t){return{s" +
  "ingle:t[1]===1,batch:t[2],m:t[3],k:t[4],n:t[5],a:t[6],aStrides:[t[7],t[8],t[9]],b:t[10],bStrides" +
  ":[t[11],t[12],t[13]],c:t[14],cBatch:t[15],ldc:t[16],packA:t[17],packB:t[18]}}function z(t,o,c,f)" +
  "{return o===0?new Float32Array(t,c,f):new Float64Array(t,c,f)}function st(t,o){let c=r=>({data:z" +
  "(o,t[r],t[r+1],t[r+2]),offset:t[r+3],strides:[t[r+4],t[r+5],t[r+6]]}),[f,e,h,s]=[t[17],t[18],t[1" +
  "9],t[20]],i=z(o,t[15],t[16],f*e*s);W(c(1),c(8),i,f,e,h,s)}function it(t,o,c){if(t[0]===nt)return" +
  ' st(t,o.buffer);if(c===null)throw new Error("internal: a wasm job reached a worker without kerne' +
  'ls");Y(c,et(t))}function G(t,o){let c=Math.min(o.length,ct);t[1]=c;for(let f=0;f<c;f++)t[2+f]=o.' +
  "charCodeAt(f)}function U(t){let{control:o,memory:c,module:f,workers:e,slot:h,stackTop:s}=t,{word" +
  "s:i,params:r}=ot(o,e,h),A=null;try{if(f!==null){let n=new WebAssembly.Instance(f,{env:{memory:c}" +
  "}).exports;n.__stack_pointer.value=s,A=n}}catch(n){G(i,n instanceof Error?`${n.name}: ${n.messag" +
  "e}`:String(n)),Atomics.store(i,0,D.FAILED),Atomics.notify(i,0);return}for(Atomics.store(i,0,D.ID" +
  "LE),Atomics.notify(i,0);;){let n=Atomics.load(i,0);for(;n!==D.RUN;)Atomics.wait(i,0,n),n=Atomics" +
  ".load(i,0);try{it(r,c,A),Atomics.store(i,0,D.DONE)}catch(l){G(i,l instanceof Error?`${l.name}: $" +
  '{l.message}`:String(l)),Atomics.store(i,0,D.FAILED)}Atomics.notify(i,0)}}var ft="__nablaMatmulPa' +
  'rentPort";function q(){let t=globalThis,o=t[ft];o!==void 0?o.on("message",U):t.onmessage=c=>U(c.' +
  "data)}q();";
